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

    /// <summary>A rule's fieldPath (".spec.x", "['a.b']") is relative to the node that declares the rule.</summary>
    private static string RulePath(string path, string? fieldPath)
    {
        if (string.IsNullOrEmpty(fieldPath))
        {
            return path;
        }

        return path.Length == 0 ? fieldPath.TrimStart('.') : path + fieldPath;
    }
}
