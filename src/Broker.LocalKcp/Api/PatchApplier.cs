using System.Text.Json.Nodes;
using Broker.Json.Patching;

namespace Broker.LocalKcp.Api;

/// <summary>Applies a PATCH body by content type using Broker.Json (RFC 7386 and RFC 6902).</summary>
public static class PatchApplier
{
    public static PatchType? FromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/merge-patch+json" => PatchType.Merge,
            "application/json-patch+json" => PatchType.Json,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/apply-patch+yaml" or "application/apply-patch+json" => PatchType.Apply,
            _ => null,
        };
    }

    /// <summary>
    /// Strategic merge is served as a merge patch without its $-directives (LocalKcp has no patch
    /// strategies for lists), and server-side apply as a merge patch of the applied configuration.
    /// </summary>
    public static JsonNode? Apply(PatchType type, JsonNode? target, JsonNode? patch)
    {
        try
        {
            return type switch
            {
                PatchType.Json => JsonPatch.Parse(patch).Apply(target),
                PatchType.StrategicMerge => JsonMergePatch.Apply(target, StripDirectives(patch?.DeepClone())),
                PatchType.Apply => JsonMergePatch.Apply(target, WithoutManagedFields(patch?.DeepClone())),
                _ => JsonMergePatch.Apply(target, patch?.DeepClone()),
            };
        }
        catch (JsonPatchException e)
        {
            throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: {e.Message}");
        }
    }

    private static JsonNode? StripDirectives(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj)
            {
                StripDirectives(child);
            }
        }

        return node;
    }

    private static JsonNode? WithoutManagedFields(JsonNode? node)
    {
        (node?["metadata"] as JsonObject)?.Remove("managedFields");
        return node;
    }
}
