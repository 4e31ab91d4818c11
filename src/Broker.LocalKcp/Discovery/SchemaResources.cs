using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Discovery;

/// <summary>Turns CustomResourceDefinitions and APIResourceSchemas into the resources they serve, one per served version.</summary>
public static class SchemaResources
{
    /// <summary>A CRD serves its versions from plain (identity-less) storage in its own workspace.</summary>
    public static IEnumerable<ApiResource> FromCrd(JsonObject crd) =>
        FromSpec(crd["spec"] as JsonObject, identity: "", ApiResourceOrigin.Crd, v => v["schema"]?["openAPIV3Schema"] as JsonObject);

    /// <summary>An APIResourceSchema bound through an export is stored under the export's identity.</summary>
    public static IEnumerable<ApiResource> FromApiResourceSchema(JsonObject schema, string identity) =>
        FromSpec(schema["spec"] as JsonObject, identity, ApiResourceOrigin.Bound, v => v["schema"] as JsonObject);

    private static IEnumerable<ApiResource> FromSpec(JsonObject? spec, string identity, ApiResourceOrigin origin, Func<JsonObject, JsonObject?> schemaOf)
    {
        if (spec is null || spec["names"] is not JsonObject names || spec["versions"] is not JsonArray versions)
        {
            yield break;
        }

        var group = ObjectMeta.GetString(spec, "group") ?? "";
        var plural = ObjectMeta.GetString(names, "plural") ?? "";
        var kind = ObjectMeta.GetString(names, "kind") ?? "";
        if (plural.Length == 0 || kind.Length == 0)
        {
            yield break;
        }

        var storageVersion = versions.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true) is { } stored
            ? ObjectMeta.GetString(stored, "name") ?? ""
            : ObjectMeta.GetString(versions.FirstOrDefault(), "name") ?? "";
        var converter = new ApiVersionRewriter(group, storageVersion);
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var name = ObjectMeta.GetString(version, "name") ?? "";
            yield return new ApiResource(
                group,
                name,
                plural,
                ObjectMeta.GetString(names, "singular") ?? kind.ToLowerInvariant(),
                kind,
                Namespaced: !string.Equals(ObjectMeta.GetString(spec, "scope"), "Cluster", StringComparison.Ordinal),
                new StorageKey(group, plural, identity),
                storageVersion,
                origin)
            {
                ListKind = ObjectMeta.GetString(names, "listKind") ?? kind + "List",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                Schema = schemaOf(version)?.DeepClone() as JsonObject,
                PrinterColumns = version["additionalPrinterColumns"]?.DeepClone() as JsonArray,
                Converter = converter,
            };
        }
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>()).OfType<string>()] : [];
}
