using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

internal sealed partial class ValueValidator
{
    /// <summary>x-kubernetes-validations, reported as Kubernetes' CEL validator reports them.</summary>
    private void CheckRules(JsonNode value, OpenApiSchema schema, string path, bool hasOld, JsonNode? old)
    {
        if (evaluator is null || schema.Validations.Count == 0)
        {
            return;
        }

        // Kubernetes shows the schema type as the bad value of a rule failure ("object", "string", ...).
        var type = GoFormat.Quote(schema.Type ?? string.Empty);
        foreach (var rule in schema.Validations)
        {
            var result = evaluator.Evaluate(new ValidationRuleContext(rule, schema, value, hasOld, hasOld ? old : null, path));
            switch (result.Outcome)
            {
                case ValidationRuleOutcome.Failed:
                    var message = string.IsNullOrWhiteSpace(result.Message) ? DefaultMessage(rule) : result.Message.Trim();
                    _ruleErrors.Add(RuleFailure(rule, RulePath(path, rule.FieldPath), type, message));
                    break;
                case ValidationRuleOutcome.Error:
                    _ruleErrors.Add(new FieldError(
                        path, FieldErrorType.FieldValueInvalid, $"Invalid value: {type}: {result.Message} evaluating rule: {ErrorString(rule)}"));
                    break;
            }
        }
    }

    private static FieldError RuleFailure(ValidationRule rule, string path, string type, string message) => rule.Reason switch
    {
        FieldErrorType.FieldValueForbidden => new FieldError(path, FieldErrorType.FieldValueForbidden, $"Forbidden: {message}"),
        FieldErrorType.FieldValueRequired => new FieldError(path, FieldErrorType.FieldValueRequired, $"Required value: {message}"),
        FieldErrorType.FieldValueDuplicate => new FieldError(path, FieldErrorType.FieldValueDuplicate, $"Duplicate value: {type}"),
        _ => new FieldError(path, FieldErrorType.FieldValueInvalid, $"Invalid value: {type}: {message}"),
    };

    private static string DefaultMessage(ValidationRule rule) =>
        string.IsNullOrWhiteSpace(rule.Message) ? $"failed rule: {ErrorString(rule)}" : rule.Message.Trim();

    private static string ErrorString(ValidationRule rule) =>
        string.IsNullOrWhiteSpace(rule.Message) ? rule.Rule.Trim() : rule.Message.Trim();

    /// <summary>
    /// A rule's fieldPath (".spec.x", ".list[0]", "['a.b']") is relative to the node that declares
    /// the rule; Kubernetes renders it as a field path: "spec.x", "list[0]", "[a.b]".
    /// </summary>
    private static string RulePath(string path, string? fieldPath)
    {
        var result = path;
        var rest = fieldPath.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest[0] == '.')
            {
                var end = rest[1..].IndexOfAny('.', '[');
                var name = end < 0 ? rest[1..] : rest[1..(end + 1)];
                result = FieldPaths.Child(result, name.ToString());
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
            else if (rest.StartsWith("['") && rest.IndexOf("']") is var close and > 0)
            {
                result += $"[{rest[2..close]}]";
                rest = rest[(close + 2)..];
            }
            else
            {
                // "[0]" or anything unexpected: keep as written.
                var close2 = rest.IndexOf(']');
                var piece = close2 < 0 ? rest : rest[..(close2 + 1)];
                result += piece.ToString();
                rest = close2 < 0 ? [] : rest[(close2 + 1)..];
            }
        }

        return result;
    }
}
