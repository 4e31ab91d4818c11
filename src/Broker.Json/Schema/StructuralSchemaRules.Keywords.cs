using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

public static partial class StructuralSchemaRules
{
    private static readonly string[] RuleReasons = ["FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"];

    private static readonly string[] OpenApiTypes = ["array", "boolean", "integer", "number", "object", "string"];

    private static readonly (string Keyword, string Detail)[] Unsupported =
    [
        ("id", "id is not supported"),
        ("additionalItems", "additionalItems is not supported"),
        ("patternProperties", "patternProperties is not supported"),
        ("definitions", "definitions is not supported"),
        ("dependencies", "dependencies is not supported"),
        ("$ref", "$ref is not supported"),
    ];

    /// <summary>
    /// The CRD API's keyword checks (Kubernetes' ValidateCustomResourceDefinitionOpenAPISchema),
    /// on every schema node including junctor branches, in schema order.
    /// </summary>
    private static void CheckKeywords(JsonObject s, string path, List<FieldError> errors)
    {
        CheckSupportedKeywords(s, path, errors);
        CheckListType(s, path, errors);
        CheckRuleTexts(s, path, errors);

        foreach (var (name, property) in s["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject child)
            {
                CheckKeywords(child, $"{path}.properties[{name}]", errors);
            }
        }

        foreach (var keyword in (string[])["items", "additionalProperties", "not"])
        {
            if (s[keyword] is JsonObject child)
            {
                CheckKeywords(child, $"{path}.{keyword}", errors);
            }
        }

        foreach (var junctor in (string[])["allOf", "anyOf", "oneOf"])
        {
            var branches = s[junctor] as JsonArray ?? [];
            for (var i = 0; i < branches.Count; i++)
            {
                if (branches[i] is JsonObject branch)
                {
                    CheckKeywords(branch, $"{path}.{junctor}[{i}]", errors);
                }
            }
        }
    }

    private static void CheckSupportedKeywords(JsonObject s, string path, List<FieldError> errors)
    {
        var type = Text(s, "type");
        if (type == "null")
        {
            errors.Add(Forbidden($"{path}.type", "type cannot be set to null, use nullable as an alternative"));
        }
        else if (type is not null && !OpenApiTypes.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(NotSupported($"{path}.type", type, OpenApiTypes));
        }

        foreach (var (keyword, detail) in Unsupported)
        {
            if (s.ContainsKey(keyword))
            {
                errors.Add(Forbidden($"{path}.{keyword}", detail));
            }
        }

        if (s["items"] is JsonArray)
        {
            errors.Add(Forbidden($"{path}.items", "items must be a schema object and not an array"));
        }

        if (Flag(s, "uniqueItems"))
        {
            errors.Add(Forbidden($"{path}.uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        if (s.ContainsKey("additionalProperties") && s["properties"] is JsonObject { Count: > 0 })
        {
            errors.Add(Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }
        else if (s["additionalProperties"]?.GetValueKind() == JsonValueKind.False)
        {
            errors.Add(Forbidden($"{path}.additionalProperties", "additionalProperties cannot be set to false"));
        }

        if (Text(s, "x-kubernetes-map-type") is { } mapType && mapType is not ("atomic" or "granular"))
        {
            errors.Add(NotSupported($"{path}.x-kubernetes-map-type", mapType, ["atomic", "granular"]));
        }
    }

    private static void CheckRuleTexts(JsonObject s, string path, List<FieldError> errors)
    {
        var rules = s["x-kubernetes-validations"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = $"{path}.x-kubernetes-validations[{i}]";
            var rule = rules[i] is JsonObject r ? Text(r, "rule")?.Trim() ?? string.Empty : string.Empty;
            var message = rules[i] is JsonObject m ? Text(m, "message") : null;
            var trimmed = message?.Trim() ?? string.Empty;
            if (rule.Length == 0)
            {
                errors.Add(Required($"{rulePath}.rule", "rule is not specified"));
            }
            else if (message is { Length: > 0 } && trimmed.Length == 0)
            {
                errors.Add(Invalid($"{rulePath}.message", GoFormat.Quote(message), "message must be non-empty if specified"));
            }
            else if (trimmed.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                errors.Add(Invalid($"{rulePath}.message", GoFormat.Quote(message!), "message must not contain line breaks"));
            }
            else if (rule.AsSpan().IndexOfAny('\n', '\r') >= 0 && trimmed.Length == 0)
            {
                errors.Add(Required($"{rulePath}.message", "message must be specified if rule contains line breaks"));
            }

            if (rules[i] is JsonObject withReason && Text(withReason, "reason") is { } reason && !RuleReasons.Contains(reason, StringComparer.Ordinal))
            {
                errors.Add(NotSupported($"{rulePath}.reason", reason, RuleReasons));
            }
        }
    }
}
