using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Broker.Json.Schema;

/// <summary>
/// Reads a structural schema from JSON, checking the keywords it uses. Unknown keywords
/// (examples, externalDocs, ...) are ignored, as Kubernetes ignores them for validation.
/// </summary>
internal static class OpenApiSchemaParser
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Types = ["object", "array", "string", "integer", "number", "boolean"];
    private static readonly string[] ListTypes = ["atomic", "set", "map"];
    private static readonly string[] MapTypes = ["granular", "atomic"];

    public static OpenApiSchema Parse(JsonNode? node) => ParseNode(node, "openAPIV3Schema");

    private static OpenApiSchema ParseNode(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            throw Problem(path, $"must be an object, got {Describe(node)}");
        }

        var pattern = String(obj, "pattern", path);
        var listType = OneOf(obj, "x-kubernetes-list-type", path, ListTypes);
        var listMapKeys = Strings(obj, "x-kubernetes-list-map-keys", path);
        if (listType == "map" && listMapKeys.Count == 0)
        {
            throw Problem($"{path}.x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map");
        }

        var additional = obj["additionalProperties"];
        var hasDefault = obj.TryGetPropertyValue("default", out var defaultNode);
        return new OpenApiSchema
        {
            Type = OneOf(obj, "type", path, Types),
            Nullable = Bool(obj, "nullable", path),
            Format = String(obj, "format", path),
            Title = String(obj, "title", path),
            Description = String(obj, "description", path),
            Properties = new ReadOnlyDictionary<string, OpenApiSchema>(Properties(obj, path)),
            AdditionalProperties = additional is JsonObject ? ParseNode(additional, $"{path}.additionalProperties") : null,
            AdditionalPropertiesAllowed = additional is JsonValue && Bool(obj, "additionalProperties", path),
            Items = obj["items"] is { } items ? ParseNode(items, $"{path}.items") : null,
            Required = Strings(obj, "required", path),
            Enum = Enum(obj, path),
            HasDefault = hasDefault,
            Default = hasDefault ? JsonSnapshot.Freeze(defaultNode) : null,
            Minimum = Number(obj, "minimum", path),
            Maximum = Number(obj, "maximum", path),
            ExclusiveMinimum = Bool(obj, "exclusiveMinimum", path),
            ExclusiveMaximum = Bool(obj, "exclusiveMaximum", path),
            MultipleOf = Number(obj, "multipleOf", path),
            MinLength = Count(obj, "minLength", path),
            MaxLength = Count(obj, "maxLength", path),
            Pattern = pattern,
            PatternRegex = pattern is null ? null : Compile(pattern, $"{path}.pattern"),
            MinItems = Count(obj, "minItems", path),
            MaxItems = Count(obj, "maxItems", path),
            MinProperties = Count(obj, "minProperties", path),
            MaxProperties = Count(obj, "maxProperties", path),
            AllOf = Schemas(obj, "allOf", path),
            AnyOf = Schemas(obj, "anyOf", path),
            OneOf = Schemas(obj, "oneOf", path),
            Not = obj["not"] is { } not ? ParseNode(not, $"{path}.not") : null,
            PreserveUnknownFields = Bool(obj, "x-kubernetes-preserve-unknown-fields", path),
            EmbeddedResource = Bool(obj, "x-kubernetes-embedded-resource", path),
            IntOrString = Bool(obj, "x-kubernetes-int-or-string", path),
            ListType = listType,
            ListMapKeys = listMapKeys,
            MapType = OneOf(obj, "x-kubernetes-map-type", path, MapTypes),
            Validations = ValidationRuleParser.Parse(obj["x-kubernetes-validations"], $"{path}.x-kubernetes-validations"),
            Source = (JsonObject)JsonSnapshot.Freeze(obj)!,
        };
    }

    private static OrderedDictionary<string, OpenApiSchema> Properties(JsonObject obj, string path)
    {
        var result = new OrderedDictionary<string, OpenApiSchema>(StringComparer.Ordinal);
        if (obj["properties"] is not { } node)
        {
            return result;
        }

        if (node is not JsonObject properties)
        {
            throw Problem($"{path}.properties", $"must be an object, got {Describe(node)}");
        }

        foreach (var (name, value) in properties)
        {
            result.Add(name, ParseNode(value, $"{path}.properties[{name}]"));
        }

        return result;
    }

    private static IReadOnlyList<OpenApiSchema> Schemas(JsonObject obj, string keyword, string path)
    {
        if (obj[keyword] is not { } node)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw Problem($"{path}.{keyword}", $"must be an array, got {Describe(node)}");
        }

        return Array.AsReadOnly(array.Select((item, i) => ParseNode(item, $"{path}.{keyword}[{i}]")).ToArray());
    }

    private static IReadOnlyList<JsonNode?>? Enum(JsonObject obj, string path)
    {
        if (obj["enum"] is not { } node)
        {
            return null;
        }

        return node is JsonArray array
            ? Array.AsReadOnly(array.Select(JsonSnapshot.Freeze).ToArray())
            : throw Problem($"{path}.enum", $"must be an array, got {Describe(node)}");
    }

    private static Regex Compile(string pattern, string path)
    {
        try
        {
            // Kubernetes patterns are RE2: linear-time matching fits them and cannot be made to hang.
            return new Regex(Re2Pattern.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (NotSupportedException e)
        {
            // Backreferences, lookarounds and atomic groups: RE2 has none, so Kubernetes refuses them too.
            throw Problem(path, $"unsupported regular expression \"{pattern}\": {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw Problem(path, $"invalid regular expression \"{pattern}\": {e.Message}");
        }
    }

    internal static string? String(JsonObject obj, string keyword, string path)
    {
        var node = obj[keyword];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw Problem($"{path}.{keyword}", $"must be a string, got {Describe(node)}");
    }

    internal static bool Bool(JsonObject obj, string keyword, string path) => obj[keyword]?.GetValueKind() switch
    {
        null => false,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Problem($"{path}.{keyword}", $"must be a boolean, got {Describe(obj[keyword])}"),
    };

    internal static IReadOnlyList<string> Strings(JsonObject obj, string keyword, string path)
    {
        if (obj[keyword] is not { } node)
        {
            return [];
        }

        if (node is JsonArray array && array.All(i => i?.GetValueKind() == JsonValueKind.String))
        {
            return Array.AsReadOnly(array.Select(i => i!.GetValue<string>()).ToArray());
        }

        throw Problem($"{path}.{keyword}", $"must be an array of strings, got {Describe(node)}");
    }

    private static string? OneOf(JsonObject obj, string keyword, string path, string[] allowed)
    {
        var value = String(obj, keyword, path);
        if (value is null || allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        throw Problem($"{path}.{keyword}", $"Unsupported value: \"{value}\": supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");
    }

    private static double? Number(JsonObject obj, string keyword, string path)
    {
        var node = obj[keyword];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number
            ? double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw Problem($"{path}.{keyword}", $"must be a number, got {Describe(node)}");
    }

    private static long? Count(JsonObject obj, string keyword, string path)
    {
        var node = obj[keyword];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number
            && long.TryParse(node.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        throw Problem($"{path}.{keyword}", $"must be a non-negative integer, got {node.ToJsonString()}");
    }

    internal static OpenApiSchemaException Problem(string path, string message) => new($"{path}: {message}");

    internal static string Describe(JsonNode? node) => JsonEquality.KindOf(node) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
