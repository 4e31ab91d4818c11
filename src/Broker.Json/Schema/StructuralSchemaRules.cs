using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// The checks with which the Kubernetes API server refuses a CRD or APIResourceSchema whose
/// schema is not structural, with its field paths and wording. Run it before
/// <see cref="OpenApiSchema.Parse"/> to answer 422 the way Kubernetes does.
/// </summary>
public static partial class StructuralSchemaRules
{
    /// <param name="schema">The openAPIV3Schema.</param>
    /// <param name="path">Its field path, e.g. "spec.versions[0].schema.openAPIV3Schema".</param>
    /// <returns>
    /// Every problem. As in Kubernetes, keyword problems (unsupported keywords, list types, rules)
    /// come first in schema order and, when there are any, the structural checks are skipped;
    /// structural problems are sorted by "field: message"; defaults are checked against a
    /// structural schema only.
    /// </returns>
    public static IReadOnlyList<FieldError> Check(JsonNode? schema, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new List<FieldError>();
        if (schema is not JsonObject root)
        {
            errors.Add(new FieldError(path, FieldErrorType.FieldValueRequired, "Required value: must be an object"));
            return errors;
        }

        CheckKeywords(root, path, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        CheckNode(root, Level.Root, path, errors);
        CheckCompleteness(root, path, errors);
        errors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        if (errors.Count == 0)
        {
            CheckDefaults(root, path, errors);
        }

        return errors;
    }

    private enum Level
    {
        Root,
        Item,
        Field,
    }

    private static void CheckNode(JsonObject s, Level level, string path, List<FieldError> errors)
    {
        var type = Text(s, "type");
        var intOrString = Flag(s, "x-kubernetes-int-or-string");
        var preserve = Flag(s, "x-kubernetes-preserve-unknown-fields");
        var embedded = Flag(s, "x-kubernetes-embedded-resource");
        var properties = s["properties"] as JsonObject;

        if (type == "array" && s["items"] is null)
        {
            errors.Add(Required($"{path}.items", "must be specified"));
        }

        if (s["items"] is JsonObject items)
        {
            CheckNode(items, Level.Item, $"{path}.items", errors);
        }

        foreach (var (name, property) in properties ?? [])
        {
            if (property is JsonObject child)
            {
                CheckNode(child, Level.Field, $"{path}.properties[{name}]", errors);
            }
        }

        CheckAdditionalProperties(s, level, embedded, path, errors);
        CheckExtensions(intOrString, preserve, embedded, path, errors);
        CheckValueValidation(s, level, path, errors);
        CheckType(type, level, intOrString, preserve, embedded, path, errors);
        if (level == Level.Root || embedded)
        {
            CheckIdentityProperties(properties, level, path, errors);
        }

        if (embedded && !preserve && (properties is null || properties.Count == 0))
        {
            errors.Add(Required($"{path}.properties", "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    private static void CheckAdditionalProperties(JsonObject s, Level level, bool embedded, string path, List<FieldError> errors)
    {
        if (s["additionalProperties"] is not { } additional)
        {
            return;
        }

        if (level == Level.Root)
        {
            errors.Add(Forbidden($"{path}.additionalProperties", "must not be used at the root"));
        }

        if (embedded)
        {
            errors.Add(Forbidden($"{path}.additionalProperties", "must not be used if x-kubernetes-embedded-resource is set"));
        }

        if (additional is JsonObject schema)
        {
            CheckNode(schema, Level.Field, $"{path}.additionalProperties", errors);
        }
    }

    private static void CheckExtensions(bool intOrString, bool preserve, bool embedded, string path, List<FieldError> errors)
    {
        if (intOrString && preserve)
        {
            errors.Add(Invalid($"{path}.x-kubernetes-preserve-unknown-fields", "true", "must be false if x-kubernetes-int-or-string is true"));
        }

        if (intOrString && embedded)
        {
            errors.Add(Invalid($"{path}.x-kubernetes-embedded-resource", "true", "must be false if x-kubernetes-int-or-string is true"));
        }
    }

    private static void CheckType(string? type, Level level, bool intOrString, bool preserve, bool embedded, string path, List<FieldError> errors)
    {
        var typePath = $"{path}.type";
        if (embedded && type != "object")
        {
            errors.Add(type is null
                ? Required(typePath, "must be object if x-kubernetes-embedded-resource is true")
                : Invalid(typePath, GoFormat.Quote(type), "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (type is null && !intOrString && !preserve)
        {
            errors.Add(Required(typePath, level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }

        if (level == Level.Root && type is not null && type != "object")
        {
            errors.Add(Invalid(typePath, GoFormat.Quote(type), "must be object at the root"));
        }
    }

    /// <summary>apiVersion and kind are strings and metadata an object; at the root metadata may restrict only name and generateName.</summary>
    private static void CheckIdentityProperties(JsonObject? properties, Level level, string path, List<FieldError> errors)
    {
        foreach (var (name, expected) in (ReadOnlySpan<(string, string)>)[("kind", "string"), ("apiVersion", "string"), ("metadata", "object")])
        {
            if (properties?[name] is JsonObject property && Text(property, "type") != expected)
            {
                errors.Add(Invalid($"{path}.properties[{name}].type", GoFormat.Quote(Text(property, "type") ?? string.Empty), $"must be {expected}"));
            }
        }

        if (level == Level.Root && properties?["metadata"] is JsonObject metadata && !RestrictsOnlyNames(metadata))
        {
            errors.Add(Forbidden($"{path}.properties[metadata]", "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
    }

    private static bool RestrictsOnlyNames(JsonObject metadata)
    {
        foreach (var (keyword, value) in metadata)
        {
            var allowed = keyword switch
            {
                "type" or "default" => true,
                "properties" => value is JsonObject names && names.All(p => p.Key is "name" or "generateName"),
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Text(JsonObject s, string keyword) =>
        s[keyword] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static bool Flag(JsonObject s, string keyword) => s[keyword]?.GetValueKind() == JsonValueKind.True;

    private static FieldError Required(string path, string detail) => new(path, FieldErrorType.FieldValueRequired, $"Required value: {detail}");

    private static FieldError Forbidden(string path, string detail) => new(path, FieldErrorType.FieldValueForbidden, $"Forbidden: {detail}");

    private static FieldError NotSupported(string path, string value, IEnumerable<string> supported) =>
        new(path, FieldErrorType.FieldValueNotSupported, $"Unsupported value: {GoFormat.Quote(value)}: supported values: {string.Join(", ", supported.Select(GoFormat.Quote))}");

    private static FieldError Invalid(string path, string value, string detail) => new(path, FieldErrorType.FieldValueInvalid, $"Invalid value: {value}: {detail}");
}
