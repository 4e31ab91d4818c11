using System.Text.Json.Nodes;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel;

/// <summary>A compiled expression: immutable and safe to evaluate from many threads at once.
/// Results are CEL values: <c>bool long ulong double string null</c>, <see cref="CelBytes"/>,
/// <see cref="CelList"/>, <see cref="CelMap"/>, <see cref="CelTimestamp"/>, <see cref="CelDuration"/>,
/// <see cref="CelType"/>, <see cref="CelOptional"/>; <see cref="CelJson.ToJson"/> turns them into JSON.</summary>
public sealed class CelProgram
{
    private readonly Node _root;
    private readonly int _slots;
    private readonly CelLimits _limits;

    internal CelProgram(string expression, Node root, int slots, CelLimits limits)
    {
        Expression = expression;
        _root = root;
        _slots = slots;
        _limits = limits;
    }

    public string Expression { get; }

    /// <summary>Evaluates over JSON variables, bound without copying.</summary>
    /// <exception cref="CelEvaluationException">The expression evaluated to an error.</exception>
    /// <exception cref="CelLimitExceededException">A budget of <paramref name="limits"/> ran out.</exception>
    public object? Evaluate(IReadOnlyDictionary<string, JsonNode?> variables, CelLimits? limits = null) =>
        Unwrap(Run(variables, null, limits));

    /// <summary>Evaluates over CEL values, <see cref="JsonNode"/>s or <see cref="System.Text.Json.JsonElement"/>s
    /// (both bound as JSON without copying; elements are immutable and safe to share across threads).</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> variables, CelLimits? limits = null) =>
        Unwrap(Run(null, variables, limits));

    /// <summary>Evaluates a condition: true only for a boolean <c>true</c> result.</summary>
    /// <exception cref="CelEvaluationException">An error, or a result that is not a bool.</exception>
    public bool EvaluateCondition(IReadOnlyDictionary<string, JsonNode?> variables, CelLimits? limits = null) =>
        Evaluate(variables, limits) switch
        {
            bool b => b,
            var other => throw new CelEvaluationException($"expected a bool result, got {CelTypes.Of(other).Name}"),
        };

    /// <summary>Evaluates a condition over CEL values, JsonNodes or JsonElements.</summary>
    public bool EvaluateCondition(IReadOnlyDictionary<string, object?> variables, CelLimits? limits = null) =>
        Evaluate(variables, limits) switch
        {
            bool b => b,
            var other => throw new CelEvaluationException($"expected a bool result, got {CelTypes.Of(other).Name}"),
        };

    /// <summary>Evaluates without throwing for CEL errors; budget overruns still throw.</summary>
    public bool TryEvaluate(IReadOnlyDictionary<string, JsonNode?> variables, out object? value, out string? error, CelLimits? limits = null)
    {
        var result = Run(variables, null, limits);
        if (result is CelError celError)
        {
            value = null;
            error = celError.Message;
            return false;
        }
        value = result;
        error = null;
        return true;
    }

    /// <summary>The raw result, with errors as <see cref="CelError"/> values (conformance tests).</summary>
    internal object? EvaluateRaw(IReadOnlyDictionary<string, object?> variables, CelLimits? limits = null) => Run(null, variables, limits);

    private object? Run(IReadOnlyDictionary<string, JsonNode?>? json, IReadOnlyDictionary<string, object?>? values, CelLimits? limits)
    {
        var context = new EvalContext(json, values, _slots, limits ?? _limits);
        try
        {
            return _root.Eval(context);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new CelLimitExceededException("evaluation nested too deeply", e);
        }
    }

    private static object? Unwrap(object? result) =>
        result is CelError error ? throw new CelEvaluationException(error.Message) : result;

    public override string ToString() => Expression;
}
