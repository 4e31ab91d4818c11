using System.Text.Json.Nodes;

namespace Broker.Json.Patching;

/// <summary>
/// JSON merge patch (RFC 7386), the <c>application/merge-patch+json</c> of kubectl patch --type merge.
/// Inputs are never mutated; results share no nodes with them.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/>; a C# null is JSON null.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            // A non-object patch replaces the target wholesale (RFC 7386 section 2).
            return patch?.DeepClone();
        }

        var result = new JsonObject(patchObject.Options);
        if (target is JsonObject targetObject)
        {
            foreach (var (name, value) in targetObject)
            {
                if (!patchObject.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                continue; // null removes the member, which the copy above already left out
            }

            JsonNode? existing = null;
            if (target is JsonObject source)
            {
                source.TryGetPropertyValue(name, out existing);
            }

            result[name] = Apply(existing, value);
        }

        return result;
    }

    /// <summary>
    /// The merge patch that turns <paramref name="original"/> into <paramref name="modified"/>,
    /// or null when they are equal. Removed members become null. Merge patches cannot set a
    /// member to JSON null or replace a whole document with null; such changes come out as removals.
    /// </summary>
    public static JsonNode? CreateDiff(JsonNode? original, JsonNode? modified)
    {
        if (original is JsonObject originalObject && modified is JsonObject modifiedObject)
        {
            return DiffObjects(originalObject, modifiedObject);
        }

        return JsonEquality.DeepEquals(original, modified) ? null : modified?.DeepClone();
    }

    private static JsonObject? DiffObjects(JsonObject original, JsonObject modified)
    {
        var diff = new JsonObject(modified.Options);
        foreach (var (name, _) in original)
        {
            if (!modified.ContainsKey(name))
            {
                diff[name] = null;
            }
        }

        foreach (var (name, value) in modified)
        {
            if (!original.TryGetPropertyValue(name, out var before))
            {
                if (value is not null)
                {
                    diff[name] = value.DeepClone(); // an added null is indistinguishable from absent
                }

                continue;
            }

            if (before is JsonObject beforeObject && value is JsonObject afterObject)
            {
                if (DiffObjects(beforeObject, afterObject) is { } nested)
                {
                    diff[name] = nested;
                }
            }
            else if (!JsonEquality.DeepEquals(before, value))
            {
                diff[name] = value?.DeepClone();
            }
        }

        return diff.Count == 0 ? null : diff;
    }
}
