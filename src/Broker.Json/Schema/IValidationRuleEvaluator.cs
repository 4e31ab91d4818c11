namespace Broker.Json.Schema;

/// <summary>
/// Evaluates <c>x-kubernetes-validations</c> rules (the CEL engine plugs in here). Must be
/// thread-safe: one validator serves concurrent requests. Return <see cref="ValidationRuleResult.Pass"/>
/// for a transition rule when <see cref="ValidationRuleContext.HasOldSelf"/> is false.
/// </summary>
public interface IValidationRuleEvaluator
{
    ValidationRuleResult Evaluate(ValidationRuleContext context);
}
