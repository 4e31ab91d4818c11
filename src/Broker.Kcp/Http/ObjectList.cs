using System.Text.Json.Nodes;

namespace Broker.Kcp.Http;

/// <summary>One list response. <see cref="ResourceVersion"/> may be "" (kcp serves unserved claimed resources that way).</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue);
