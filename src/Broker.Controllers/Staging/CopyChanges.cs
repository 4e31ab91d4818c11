using System.Text.Json.Nodes;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Staging;

/// <summary>
/// Which changes to a provider's copy can change what the broker does: its status, spec, labels, annotations,
/// deletion, its appearing or going. A provider adding or removing its own finalizer, with the resourceVersion and
/// managedFields the server bumps for it, cannot, so such a change wakes nobody (a finalizer removed from a copy being
/// deleted ends in the copy going, which does).
/// </summary>
public static class CopyChanges
{
    private static readonly string[] Bookkeeping = ["finalizers", "resourceVersion", "managedFields"];

    public static bool Matter(CacheChange change) =>
        change.Old is null || change.New is null || !JsonNode.DeepEquals(WithoutBookkeeping(change.Old), WithoutBookkeeping(change.New));

    private static JsonObject WithoutBookkeeping(CachedObject cached)
    {
        var value = cached.ToJsonObject();
        if (value["metadata"] is JsonObject metadata)
        {
            foreach (var field in Bookkeeping)
            {
                metadata.Remove(field);
            }
        }

        return value;
    }
}
