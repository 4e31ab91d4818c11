using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// Kubernetes' structural pruning, in place on the validator's private copy: drops members the
/// schema does not declare (unless x-kubernetes-preserve-unknown-fields or additionalProperties
/// keep them), and drops nulls of non-nullable fields that have no default, so defaulting and
/// "required" see them as absent. Metadata of the resource and of embedded resources keeps the
/// ObjectMeta fields only.
/// </summary>
internal static class SchemaPruner
{
    private static readonly FrozenSet<string> ObjectMetaFields = FrozenSet.Create(
        StringComparer.Ordinal,
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    public static void Prune(JsonNode? node, OpenApiSchema schema, bool isResourceRoot, string path, List<string> unknownFields)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, isResourceRoot || schema.EmbeddedResource, path, unknownFields);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, isResourceRoot: false, FieldPaths.Index(path, i), unknownFields);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, OpenApiSchema schema, bool isResource, string path, List<string> unknownFields)
    {
        if (schema.AdditionalPropertiesAllowed && schema.Properties.Count == 0)
        {
            return; // a free-form map
        }

        List<string>? drop = null;
        foreach (var (name, value) in obj)
        {
            var childPath = FieldPaths.Child(path, name);
            if (isResource && name is "apiVersion" or "kind" or "metadata" && !schema.Properties.ContainsKey(name))
            {
                PruneObjectMeta(name, value, childPath, unknownFields);
                continue; // object identity, handled by the API machinery, not the schema
            }

            var child = schema.Properties.GetValueOrDefault(name) ?? schema.AdditionalProperties;
            if (child is null)
            {
                if (!schema.PreserveUnknownFields && !schema.AdditionalPropertiesAllowed)
                {
                    (drop ??= []).Add(name);
                    unknownFields.Add(childPath);
                }

                continue;
            }

            if (value is null && !child.Nullable && child.Default is null)
            {
                (drop ??= []).Add(name);
                continue;
            }

            if (isResource && name == "metadata")
            {
                PruneObjectMeta(name, value, childPath, unknownFields);
                continue; // ObjectMeta is pruned by its own rules, never by the schema
            }

            Prune(value, child, isResourceRoot: false, childPath, unknownFields);
        }

        foreach (var name in drop ?? [])
        {
            obj.Remove(name);
        }
    }

    /// <summary>Metadata keeps the ObjectMeta fields only, as decoding into ObjectMeta does in Kubernetes.</summary>
    private static void PruneObjectMeta(string name, JsonNode? value, string path, List<string> unknownFields)
    {
        if (name != "metadata" || value is not JsonObject metadata)
        {
            return;
        }

        foreach (var field in metadata.Select(p => p.Key).Where(k => !ObjectMetaFields.Contains(k)).ToList())
        {
            metadata.Remove(field);
            unknownFields.Add(FieldPaths.Child(path, field));
        }
    }
}
