using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>
/// The types of metadata's fields, which Go's decoder enforces before anything else (a 400): names are strings,
/// labels and annotations maps of strings, finalizers a list of strings. Kinds without a schema rely on this alone.
/// </summary>
public static class ObjectMetaShape
{
    private static readonly string[] Strings = ["name", "generateName", "namespace", "resourceVersion", "uid", "creationTimestamp", "deletionTimestamp"];
    private static readonly string[] StringMaps = ["labels", "annotations"];

    public static void Require(ApiResource resource, JsonObject body)
    {
        if (body["metadata"] is not { } node)
        {
            return;
        }

        if (node is not JsonObject metadata)
        {
            throw Wrong(resource, "metadata", "an object");
        }

        foreach (var field in Strings)
        {
            if (metadata[field] is { } value && value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                throw Wrong(resource, $"metadata.{field}", "a string");
            }
        }

        foreach (var field in StringMaps)
        {
            if (metadata[field] is { } value && (value is not JsonObject map || map.Any(p => p.Value?.GetValueKind() is not (JsonValueKind.String or null))))
            {
                throw Wrong(resource, $"metadata.{field}", "a map of strings");
            }
        }

        if (metadata["finalizers"] is { } finalizers && (finalizers is not JsonArray list || list.Any(f => f?.GetValueKind() != JsonValueKind.String)))
        {
            throw Wrong(resource, "metadata.finalizers", "a list of strings");
        }
    }

    private static StatusException Wrong(ApiResource resource, string field, string expected) =>
        StatusException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {field} must be {expected}");
}
