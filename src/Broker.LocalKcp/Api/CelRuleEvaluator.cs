using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Json.Schema;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Enforces <c>x-kubernetes-validations</c> with the CEL engine, as the Kubernetes API server does:
/// <c>self</c> is the value at the rule's node, <c>oldSelf</c> its previous value on updates (transition
/// rules are skipped on create), <c>messageExpression</c> computes the message. Programs are compiled
/// once per rule text and shared by concurrent requests.
/// </summary>
public sealed class CelRuleEvaluator : IValidationRuleEvaluator
{
    private static readonly CelEnvironment Environment = CelEnvironment.Create("self", "oldSelf");
    private readonly ConcurrentDictionary<string, Compiled> _programs = new(StringComparer.Ordinal);

    public ValidationRuleResult Evaluate(ValidationRuleContext context)
    {
        var rule = context.Rule;
        var compiled = _programs.GetOrAdd(rule.Rule, Compile);
        if (compiled.Program is null)
        {
            return ValidationRuleResult.Error($"compilation failed: {compiled.Error}");
        }

        if (compiled.UsesOldSelf && !context.HasOldSelf && !rule.OptionalOldSelf)
        {
            return ValidationRuleResult.Pass; // transition rules only run on updates
        }

        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["self"] = context.Self, ["oldSelf"] = context.OldSelf };
        try
        {
            if (compiled.Program.EvaluateCondition(variables))
            {
                return ValidationRuleResult.Pass;
            }
        }
        catch (CelEvaluationException e)
        {
            return ValidationRuleResult.Error(e.Message);
        }

        return ValidationRuleResult.Fail(Message(rule, variables));
    }

    // A messageExpression that fails or is not a string falls back to the fixed message, as Kubernetes does.
    private string? Message(ValidationRule rule, Dictionary<string, JsonNode?> variables)
    {
        if (rule.MessageExpression is not { } expression || _programs.GetOrAdd(expression, Compile).Program is not { } program)
        {
            return null;
        }

        try
        {
            return program.Evaluate(variables) as string;
        }
        catch (CelEvaluationException)
        {
            return null;
        }
    }

    private static Compiled Compile(string expression)
    {
        try
        {
            return new Compiled(Environment.Compile(expression), null, expression.Contains("oldSelf", StringComparison.Ordinal));
        }
        catch (CelCompileException e)
        {
            return new Compiled(null, e.Reason, false);
        }
    }

    private sealed record Compiled(CelProgram? Program, string? Error, bool UsesOldSelf);
}
