namespace Broker.Json.Schema;

/// <summary>
/// One <c>x-kubernetes-validations</c> entry. The CEL itself is evaluated by an
/// <see cref="IValidationRuleEvaluator"/>; this library only carries and reports it.
/// </summary>
/// <param name="Rule">The CEL expression, with <c>self</c> (and <c>oldSelf</c> for transition rules).</param>
/// <param name="Message">Fixed failure message; without it Kubernetes says "failed rule: &lt;rule&gt;".</param>
/// <param name="MessageExpression">CEL producing the failure message; evaluated by the evaluator.</param>
/// <param name="FieldPath">Where to report the failure, relative to the node, e.g. ".spec.x" or "['a.b']".</param>
/// <param name="Reason">FieldValueInvalid (default), FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.</param>
/// <param name="OptionalOldSelf">Evaluate the transition rule on create too, with oldSelf absent.</param>
public sealed record ValidationRule(
    string Rule,
    string? Message = null,
    string? MessageExpression = null,
    string? FieldPath = null,
    FieldErrorType? Reason = null,
    bool OptionalOldSelf = false);
