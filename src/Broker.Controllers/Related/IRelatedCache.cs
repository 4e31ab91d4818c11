using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Related;

/// <summary>
/// A cached view of one logical cluster that the related-object sync reads before asking the server.
/// A cache may not know a kind, or may not have synced yet; then the sync reads from the server.
/// </summary>
public interface IRelatedCache
{
    /// <summary>True when the cache can tell; <paramref name="obj"/> is then the object, or null when it does not exist.</summary>
    bool TryGet(GroupVersionResource resource, string ns, string name, out JsonObject? obj);

    /// <summary>The objects of a kind in a namespace carrying <c>label=value</c>; null when the cache cannot tell.</summary>
    IReadOnlyList<JsonObject>? ListLabelled(GroupVersionResource resource, string ns, string label, string value);

    /// <summary>The full object at <paramref name="resourceVersion"/> when a digesting cache still holds what its watch delivered
    /// (<see cref="RecentContent"/>), taken once; null when it does not (then the sync reads it from the server).</summary>
    JsonObject? TakeFull(GroupVersionResource resource, string ns, string name, string? resourceVersion);
}
