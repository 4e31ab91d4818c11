using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Api;

/// <summary>One page of a list: the items, the list's resourceVersion and, when more remain, a continue token.</summary>
public sealed record ListResult(IReadOnlyList<StoredObject> Items, long Revision, string? Continue, long? RemainingItemCount);
