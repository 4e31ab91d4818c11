namespace Broker.Controllers.Migrations.Configuration;

public enum ConditionOutcome
{
    True,
    False,
    Error,
}

/// <summary>What a stage condition evaluated to. <see cref="Message"/> names the expression, ready for a Migration
/// condition: <c>expression "to.status.x == 1" is false</c> or <c>... failed: no such key: 'x'</c>.</summary>
public sealed record ConditionResult(ConditionOutcome Outcome, string Message)
{
    public bool IsTrue => Outcome == ConditionOutcome.True;

    /// <summary>CEL's error alone (e.g. <c>no such key: 'x'</c>) for <see cref="ConditionOutcome.Error"/>; null otherwise.</summary>
    public string? Error { get; init; }

    public static ConditionResult True(string expression) => new(ConditionOutcome.True, $"expression {Quote(expression)} is true");

    public static ConditionResult False(string expression) => new(ConditionOutcome.False, $"expression {Quote(expression)} is false");

    public static ConditionResult Failed(string expression, string error) =>
        new(ConditionOutcome.Error, $"expression {Quote(expression)} failed: {error}") { Error = error };

    // Messages end up in bounded condition messages: a long expression is shortened, keeping its start.
    private static string Quote(string expression) =>
        expression.Length <= 120 ? $"\"{expression}\"" : $"\"{expression[..117]}...\"";
}
