using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

internal sealed partial class ValueValidator
{
    private void CheckArray(JsonArray array, OpenApiSchema schema, string path, JsonArray? old)
    {
        if (schema.MaxItems is { } max && array.Count > max)
        {
            _schemaErrors.Add(new FieldError(path, FieldErrorType.FieldValueTooMany, TooMany(array.Count, max)));
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            Invalid(path, JsonValue.Create(array.Count), $"{InBody(path)} should have at least {min} items");
        }

        if (schema.Items is { } items)
        {
            // Only list-type map items have an identity across versions, so only they see oldSelf.
            var oldByKey = schema.ListType == "map" && old is not null ? IndexByKey(old, schema.ListMapKeys) : null;
            for (var i = 0; i < array.Count; i++)
            {
                JsonNode? oldItem = null;
                var hasOldItem = oldByKey is not null && oldByKey.TryGetValue(MapKey(array[i], schema.ListMapKeys), out oldItem);
                Validate(array[i], items, FieldPaths.Index(path, i), hasOldItem, oldItem);
            }
        }

        switch (schema.ListType)
        {
            case "set":
                CheckSet(array, path);
                break;
            case "map":
                CheckMap(array, schema.ListMapKeys, path);
                break;
        }
    }

    private void CheckSet(JsonArray array, string path)
    {
        var seen = new HashSet<JsonNode?>(JsonNodeComparer.Instance);
        for (var i = 0; i < array.Count; i++)
        {
            if (!seen.Add(array[i]))
            {
                _listErrors.Add(new FieldError(FieldPaths.Index(path, i), FieldErrorType.FieldValueDuplicate, $"Duplicate value: {GoFormat.Value(array[i])}"));
            }
        }
    }

    private void CheckMap(JsonArray array, IReadOnlyList<string> keys, string path)
    {
        var seen = new HashSet<JsonNode?>(JsonNodeComparer.Instance);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject && !seen.Add(MapKey(array[i], keys)))
            {
                _listErrors.Add(new FieldError(FieldPaths.Index(path, i), FieldErrorType.FieldValueDuplicate, $"Duplicate value: {GoFormat.Json(MapKey(array[i], keys))}"));
            }
        }
    }

    /// <summary>The item's key fields as an object (absent keys left out), Kubernetes' identity of a list-type map item.</summary>
    private static JsonObject MapKey(JsonNode? item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        if (item is JsonObject obj)
        {
            foreach (var name in keys)
            {
                if (obj.TryGetPropertyValue(name, out var value))
                {
                    key[name] = value?.DeepClone();
                }
            }
        }

        return key;
    }

    private static Dictionary<JsonNode, JsonNode?> IndexByKey(JsonArray old, IReadOnlyList<string> keys)
    {
        var index = new Dictionary<JsonNode, JsonNode?>(JsonNodeComparer.Instance!);
        foreach (var item in old)
        {
            index.TryAdd(MapKey(item, keys), item);
        }

        return index;
    }

    private void CheckObject(JsonObject obj, OpenApiSchema schema, string path, JsonObject? old)
    {
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            _schemaErrors.Add(new FieldError(path, FieldErrorType.FieldValueTooMany, TooMany(obj.Count, max)));
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            Invalid(path, JsonValue.Create(obj.Count), $"{InBody(path)} should have at least {min} properties");
        }

        if (schema.EmbeddedResource)
        {
            CheckEmbeddedResource(obj, path);
        }

        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                _schemaErrors.Add(new FieldError(FieldPaths.Child(path, name), FieldErrorType.FieldValueRequired, "Required value"));
            }
        }

        foreach (var (name, value) in obj)
        {
            var child = schema.Properties.GetValueOrDefault(name) ?? schema.AdditionalProperties;
            if (child is not null)
            {
                JsonNode? oldValue = null;
                var hasOldValue = old is not null && old.TryGetPropertyValue(name, out oldValue);
                Validate(value, child, FieldPaths.Child(path, name), hasOldValue, oldValue);
            }
        }
    }

    private static string TooMany(int actual, long max) => $"Too many: {actual}: must have at most {max} {(max == 1 ? "item" : "items")}";
}
