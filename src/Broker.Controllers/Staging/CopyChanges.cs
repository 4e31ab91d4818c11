using System.Runtime.InteropServices;
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
    private static readonly byte[][] Bookkeeping = ["finalizers"u8.ToArray(), "resourceVersion"u8.ToArray(), "managedFields"u8.ToArray()];

    public static bool Matter(CacheChange change)
    {
        if (change.Old is null || change.New is null)
        {
            return true;
        }

        using var old = change.Old.ReadDocument();
        using var updated = change.New.ReadDocument();
        return !SameObject(old.Root, updated.Root, ignored: []);
    }

    // Equal as objects (in any property order) apart from the ignored properties; the top level's metadata is compared
    // without its bookkeeping. Names are compared as UTF-8, not read into strings (a change compares a dozen or so).
    private static bool SameObject(JsonElement a, JsonElement b, byte[][] ignored)
    {
        if (a.ValueKind != JsonValueKind.Object || b.ValueKind != JsonValueKind.Object)
        {
            return JsonElement.DeepEquals(a, b);
        }

        var count = 0;
        foreach (var property in a.EnumerateObject())
        {
            if (IsIgnored(property, ignored))
            {
                continue;
            }

            count++;
            var isMetadata = ignored.Length == 0 && property.NameEquals("metadata"u8);
            if (!TryGetSameNamed(b, property, out var other)
                || !(isMetadata ? SameObject(property.Value, other, Bookkeeping) : JsonElement.DeepEquals(property.Value, other)))
            {
                return false;
            }
        }

        var otherCount = 0;
        foreach (var property in b.EnumerateObject())
        {
            otherCount += IsIgnored(property, ignored) ? 0 : 1;
        }

        return count == otherCount;
    }

    private static bool IsIgnored(JsonProperty property, byte[][] ignored)
    {
        foreach (var name in ignored)
        {
            if (property.NameEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    // The property of b named like property: by its raw UTF-8 name, or by its text when the name carries escapes.
    private static bool TryGetSameNamed(JsonElement b, JsonProperty property, out JsonElement other)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? b.TryGetProperty(raw, out other) : b.TryGetProperty(property.Name, out other);
    }
}
