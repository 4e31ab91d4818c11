using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

public static partial class StructuralSchemaRules
{
    /// <summary>x-kubernetes-list-type and list-map-keys: only on arrays, sets of atomic items, maps keyed by required scalar properties.</summary>
    private static void CheckListType(JsonObject s, string path, List<FieldError> errors)
    {
        var listType = Text(s, "x-kubernetes-list-type");
        var keys = (s["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k?.ToString() ?? string.Empty).ToList();
        var items = s["items"] as JsonObject;
        var type = Text(s, "type");
        if (listType is not null && type != "array")
        {
            errors.Add(type is null
                ? Required($"{path}.type", "must be array if x-kubernetes-list-type is specified")
                : Invalid($"{path}.type", GoFormat.Quote(type), "must be array if x-kubernetes-list-type is specified"));
        }
        else if (listType == "set" && items is not null)
        {
            CheckSetItems(items, path, errors);
        }

        if (listType is not null and not ("atomic" or "set" or "map"))
        {
            errors.Add(NotSupported($"{path}.x-kubernetes-list-type", listType, ["atomic", "set", "map"]));
        }

        if (keys.Count > 0 && listType != "map")
        {
            errors.Add(listType is null
                ? Required($"{path}.x-kubernetes-list-type", "must be map if x-kubernetes-list-map-keys is non-empty")
                : Invalid($"{path}.x-kubernetes-list-type", GoFormat.Quote(listType), "must be map if x-kubernetes-list-map-keys is non-empty"));
        }

        if (listType == "map")
        {
            CheckMapList(keys, items, path, errors);
        }

        if (listType is "set" or "map" && items is not null && Flag(items, "nullable"))
        {
            errors.Add(Forbidden($"{path}.items.nullable", $"cannot be nullable when x-kubernetes-list-type is {listType}"));
        }

        if (listType == "map" && items is not null)
        {
            CheckMapKeysRequired(keys, items, path, errors);
        }
    }

    private static void CheckSetItems(JsonObject items, string path, List<FieldError> errors)
    {
        switch (Text(items, "type"))
        {
            case "array" when Text(items, "x-kubernetes-list-type") is { } itemListType && itemListType != "atomic":
                errors.Add(Invalid($"{path}.items.x-kubernetes-list-type", GoFormat.Quote(itemListType), "must be atomic as item of a list with x-kubernetes-list-type=set"));
                break;
            case "object" when Text(items, "x-kubernetes-map-type") != "atomic":
                // Kubernetes reports the item's list type here (normally unset, so null).
                var shown = Text(items, "x-kubernetes-list-type") is { } t ? GoFormat.Quote(t) : "null";
                errors.Add(Invalid($"{path}.items.x-kubernetes-map-type", shown, "must be atomic as item of a list with x-kubernetes-list-type=set"));
                break;
        }
    }

    private static void CheckMapList(List<string> keys, JsonObject? items, string path, List<FieldError> errors)
    {
        if (keys.Count == 0)
        {
            errors.Add(Required($"{path}.x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
        }

        if (items is null)
        {
            errors.Add(Required($"{path}.items", "must have a schema if x-kubernetes-list-type is map"));
            return;
        }

        var itemType = Text(items, "type");
        if (itemType != "object")
        {
            errors.Add(Invalid($"{path}.items.type", GoFormat.Quote(itemType ?? string.Empty), "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }

        var keysJson = GoFormat.Json(new JsonArray([.. keys.Select(k => JsonValue.Create(k))]));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if ((items["properties"] as JsonObject)?[key] is JsonObject property)
            {
                if (Text(property, "type") is "array" or "object")
                {
                    errors.Add(Invalid($"{path}.items.properties[{key}].type", GoFormat.Quote(itemType), "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
            }
            else
            {
                errors.Add(Invalid($"{path}.x-kubernetes-list-map-keys", keysJson, "entries must all be names of item properties"));
            }

            if (!seen.Add(key))
            {
                errors.Add(Invalid($"{path}.x-kubernetes-list-map-keys", keysJson, "must not contain duplicate entries"));
            }
        }
    }

    private static void CheckMapKeysRequired(List<string> keys, JsonObject items, string path, List<FieldError> errors)
    {
        var required = (items["required"] as JsonArray ?? []).Select(r => r?.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if ((items["properties"] as JsonObject)?[key] is not JsonObject property)
            {
                continue; // reported above
            }

            if (!required.Contains(key) && !property.ContainsKey("default"))
            {
                errors.Add(Required($"{path}.items.properties[{key}].default", "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
            }

            if (Flag(property, "nullable"))
            {
                errors.Add(Forbidden($"{path}.items.properties[{key}].nullable", "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
            }
        }
    }
}
