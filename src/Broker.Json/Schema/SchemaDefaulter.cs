using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// Kubernetes' structural defaulting, in place on the validator's private copy: a declared
/// property that is absent (or null while not nullable) gets a copy of its default, and
/// defaults inside a default apply too. A null default counts as none, as in Kubernetes.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? node, OpenApiSchema schema)
    {
        switch (node)
        {
            case JsonObject obj:
                ApplyObject(obj, schema);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.Nullable && items.Default is not null)
                    {
                        array[i] = items.Default.DeepClone();
                    }

                    Apply(array[i], items);
                }

                break;
        }
    }

    private static void ApplyObject(JsonObject obj, OpenApiSchema schema)
    {
        foreach (var (name, property) in schema.Properties)
        {
            if (property.Default is not null && (!obj.TryGetPropertyValue(name, out var value) || (value is null && !property.Nullable)))
            {
                obj[name] = property.Default.DeepClone();
            }
        }

        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (schema.Properties.TryGetValue(name, out var property))
            {
                Apply(obj[name], property);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                if (obj[name] is null && !additional.Nullable && additional.Default is not null)
                {
                    obj[name] = additional.Default.DeepClone();
                }

                Apply(obj[name], additional);
            }
        }
    }
}
