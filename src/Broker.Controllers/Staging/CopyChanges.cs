using System.Text.Json;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Staging;

/// <summary>
/// Which changes to a provider's copy can change what the broker does: its status, spec, labels, annotations,
/// deletion, its appearing or going. A provider adding or removing its own finalizer, with the resourceVersion and
/// managedFields the server bumps for it, cannot, so such a change wakes nobody (a finalizer removed from a copy being
/// deleted ends in the copy going, which does). Compared on the cached JSON as documents: no node tree per change.
/// </summary>
public static class CopyChanges
{
    private static readonly string[] Bookkeeping = ["finalizers", "resourceVersion", "managedFields"];

    public static bool Matter(CacheChange change)
    {
        if (change.Old is null || change.New is null)
        {
            return true;
        }

        using var old = JsonDocument.Parse(change.Old.Utf8Json);
        using var updated = JsonDocument.Parse(change.New.Utf8Json);
        return !SameObject(old.RootElement, updated.RootElement, ignored: []);
    }

    // Equal as objects (in any property order) apart from the ignored properties; the top level's metadata is compared
    // without its bookkeeping.
    private static bool SameObject(JsonElement a, JsonElement b, string[] ignored)
    {
        if (a.ValueKind != JsonValueKind.Object || b.ValueKind != JsonValueKind.Object)
        {
            return JsonElement.DeepEquals(a, b);
        }

        var count = 0;
        foreach (var property in a.EnumerateObject())
        {
            if (ignored.Contains(property.Name, StringComparer.Ordinal))
            {
                continue;
            }

            count++;
            var isMetadata = ignored.Length == 0 && property.NameEquals("metadata"u8);
            if (!b.TryGetProperty(property.Name, out var other)
                || !(isMetadata ? SameObject(property.Value, other, Bookkeeping) : JsonElement.DeepEquals(property.Value, other)))
            {
                return false;
            }
        }

        return count == b.EnumerateObject().Count(p => !ignored.Contains(p.Name, StringComparer.Ordinal));
    }
}
