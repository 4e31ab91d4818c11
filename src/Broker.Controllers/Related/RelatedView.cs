using Broker.Kcp.Http;

namespace Broker.Controllers.Related;

/// <summary>One side of a related-object sync: where to write, and what is cached of it.</summary>
public sealed record RelatedView(ClusterClient Client, IRelatedCache Cache);
