using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>Reads <c>x-kubernetes-validations</c>.</summary>
internal static class ValidationRuleParser
{
    private static readonly FieldErrorType[] Reasons =
    [
        FieldErrorType.FieldValueInvalid, FieldErrorType.FieldValueForbidden, FieldErrorType.FieldValueRequired, FieldErrorType.FieldValueDuplicate,
    ];

    public static IReadOnlyList<ValidationRule> Parse(JsonNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw OpenApiSchemaParser.Problem(path, $"must be an array, got {OpenApiSchemaParser.Describe(node)}");
        }

        var rules = new List<ValidationRule>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var rulePath = $"{path}[{i}]";
            if (array[i] is not JsonObject obj)
            {
                throw OpenApiSchemaParser.Problem(rulePath, $"must be an object, got {OpenApiSchemaParser.Describe(array[i])}");
            }

            var rule = OpenApiSchemaParser.String(obj, "rule", rulePath);
            if (string.IsNullOrWhiteSpace(rule))
            {
                throw OpenApiSchemaParser.Problem($"{rulePath}.rule", "Required value");
            }

            rules.Add(new ValidationRule(
                rule,
                OpenApiSchemaParser.String(obj, "message", rulePath),
                OpenApiSchemaParser.String(obj, "messageExpression", rulePath),
                OpenApiSchemaParser.String(obj, "fieldPath", rulePath),
                Reason(OpenApiSchemaParser.String(obj, "reason", rulePath), $"{rulePath}.reason"),
                OpenApiSchemaParser.Bool(obj, "optionalOldSelf", rulePath)));
        }

        return rules.AsReadOnly();
    }

    private static FieldErrorType? Reason(string? text, string path)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var reason in Reasons)
        {
            if (string.Equals(reason.ToString(), text, StringComparison.Ordinal))
            {
                return reason;
            }
        }

        throw OpenApiSchemaParser.Problem(path, $"Unsupported value: \"{text}\": supported values: {string.Join(", ", Reasons.Select(r => $"\"{r}\""))}");
    }
}
