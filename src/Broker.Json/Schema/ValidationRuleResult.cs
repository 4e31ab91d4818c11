namespace Broker.Json.Schema;

/// <summary>
/// What evaluating one rule gave. <see cref="Message"/> is the evaluated messageExpression for
/// a failure (null falls back to the rule's message), or the evaluation error's text.
/// </summary>
public sealed record ValidationRuleResult(ValidationRuleOutcome Outcome, string? Message = null)
{
    public static ValidationRuleResult Pass { get; } = new(ValidationRuleOutcome.Passed);

    public static ValidationRuleResult Fail(string? message = null) => new(ValidationRuleOutcome.Failed, message);

    public static ValidationRuleResult Error(string message) => new(ValidationRuleOutcome.Error, message);
}
