using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

public static partial class StructuralSchemaRules
{
    /// <summary>
    /// A default must survive pruning unchanged and be valid for its own schema; errors are
    /// reported under "&lt;field&gt;.default", as the API server reports them.
    /// </summary>
    private static void CheckDefaults(JsonObject s, string path, List<FieldError> errors)
    {
        if (s.TryGetPropertyValue("default", out var value) && value is not null)
        {
            CheckDefault(s, value, $"{path}.default", errors);
        }

        foreach (var (name, property) in s["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject child)
            {
                CheckDefaults(child, $"{path}.properties[{name}]", errors);
            }
        }

        foreach (var keyword in (string[])["items", "additionalProperties"])
        {
            if (s[keyword] is JsonObject child)
            {
                CheckDefaults(child, $"{path}.{keyword}", errors);
            }
        }
    }

    private static void CheckDefault(JsonObject s, JsonNode value, string path, List<FieldError> errors)
    {
        OpenApiSchema schema;
        try
        {
            schema = OpenApiSchema.Parse(s);
        }
        catch (OpenApiSchemaException)
        {
            return; // the schema's own problems are reported by the other checks
        }

        var validator = new SchemaValidator(schema, isResourceRoot: schema.EmbeddedResource);
        validator.Prune(value, out var unknownFields);
        if (unknownFields.Count > 0)
        {
            errors.Add(Invalid(path, GoFormat.Value(value), "must not have unknown fields"));
        }

        foreach (var error in validator.ValidateValues(value))
        {
            errors.Add(error with { Field = error.Field.Length == 0 ? path : $"{path}.{error.Field}" });
        }
    }
}
