using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.Schema;

/// <summary>
/// Derives a Kubernetes structural OpenAPI v3 schema from a C# record: JSON names from
/// [JsonPropertyName], validation from DataAnnotations and the attributes in this folder.
/// The committed contrib/kcp manifests are generated from this, so the C# types stay the source of truth.
/// </summary>
public static class OpenApiSchemaGenerator
{
    public static JsonObject ForRoot(Type type)
    {
        var schema = ForObject(type, isRoot: true);
        if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Insert(0, "description", description.Description);
        }

        return schema;
    }

    private static JsonObject ForObject(Type type, bool isRoot = false)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } jsonName)
            {
                continue;
            }

            properties[jsonName.Name] = isRoot && jsonName.Name == "metadata"
                ? new JsonObject { ["type"] = "object" } // the API server owns metadata's schema
                : ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(jsonName.Name);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        AddValidationRules(schema, type.GetCustomAttributes<ValidationRuleAttribute>());
        return schema;
    }

    private static JsonObject ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Insert(0, "description", description.Description);
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength)
        {
            schema[(string?)schema["type"] == "array" ? "minItems" : "minLength"] = minLength.Length;
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema["minimum"] = minimum.Value;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema["enum"] = new JsonArray(allowed.Values.Select(v => (JsonNode?)JsonValue.Create(v?.ToString())).ToArray());
        }

        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } mapKeys)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray(mapKeys.Keys.Select(k => (JsonNode?)k).ToArray());
        }

        if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null)
        {
            schema["x-kubernetes-preserve-unknown-fields"] = true;
        }

        AddValidationRules(schema, property.GetCustomAttributes<ValidationRuleAttribute>());
        return schema;
    }

    private static JsonObject ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (WellKnownSchemas.For(type) is { } wellKnown)
        {
            return wellKnown;
        }

        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(JsonObject))
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(type.GetGenericArguments()[1]) };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(type.GetGenericArguments()[0]) };
        }

        if (type.IsClass || type is { IsValueType: true, IsPrimitive: false, IsEnum: false }) // records, and record structs such as the GVR
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"No OpenAPI mapping for {type}");
    }

    private static void AddValidationRules(JsonObject schema, IEnumerable<ValidationRuleAttribute> rules)
    {
        var list = new JsonArray();
        foreach (var rule in rules)
        {
            list.Add(new JsonObject { ["rule"] = rule.Rule, ["message"] = rule.Message });
        }

        if (list.Count > 0)
        {
            schema["x-kubernetes-validations"] = list;
        }
    }
}
