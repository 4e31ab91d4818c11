using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

public static partial class StructuralSchemaRules
{
    /// <summary>
    /// Every property or items that the root's anyOf/allOf/oneOf/not talk about must also be declared
    /// structurally, or the validation would apply to fields that pruning removes.
    /// </summary>
    private static void CheckCompleteness(JsonObject root, string path, List<FieldError> errors) =>
        CheckJunctorCompleteness(root, root, path, path, errors);

    private static void CheckJunctorCompleteness(JsonObject v, JsonObject structural, string structuralPath, string validationPath, List<FieldError> errors)
    {
        if (v["not"] is JsonObject not)
        {
            CheckNestedCompleteness(not, structural, structuralPath, $"{validationPath}.not", errors);
        }

        foreach (var junctor in (string[])["allOf", "anyOf", "oneOf"])
        {
            if (v[junctor] is not JsonArray branches)
            {
                continue;
            }

            for (var i = 0; i < branches.Count; i++)
            {
                if (branches[i] is JsonObject branch)
                {
                    CheckNestedCompleteness(branch, structural, structuralPath, $"{validationPath}.{junctor}[{i}]", errors);
                }
            }
        }
    }

    private static void CheckNestedCompleteness(JsonObject v, JsonObject? structural, string structuralPath, string validationPath, List<FieldError> errors)
    {
        if (structural is null)
        {
            errors.Add(Required(structuralPath, $"because it is defined in {validationPath}"));
            return;
        }

        CheckJunctorCompleteness(v, structural, structuralPath, validationPath, errors);
        if (v["items"] is JsonObject items)
        {
            CheckNestedCompleteness(items, structural["items"] as JsonObject, $"{structuralPath}.items", $"{validationPath}.items", errors);
        }

        foreach (var (name, property) in v["properties"] as JsonObject ?? [])
        {
            if (property is not JsonObject nested)
            {
                continue;
            }

            var declared = (structural["properties"] as JsonObject)?[name] as JsonObject;
            var propertyPath = $"{structuralPath}.properties[{name}]";
            if (declared is null)
            {
                errors.Add(Required(propertyPath, $"because it is defined in {validationPath}.properties[{name}]"));
            }
            else
            {
                CheckNestedCompleteness(nested, declared, propertyPath, $"{validationPath}.properties[{name}]", errors);
            }
        }
    }
}
