using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cel.Values;

namespace Broker.Cel.Runtime;

/// <summary>The state of one evaluation: variable bindings, macro variable slots and the
/// remaining budgets. Created per call, so compiled programs stay immutable and thread-safe.</summary>
internal sealed class EvalContext
{
    private readonly IReadOnlyDictionary<string, JsonNode?>? _json;
    private readonly IReadOnlyDictionary<string, object?>? _values;
    private readonly CelLimits _limits;
    private long _steps;
    private long _allocated;

    public EvalContext(IReadOnlyDictionary<string, JsonNode?>? json, IReadOnlyDictionary<string, object?>? values, int slots, CelLimits limits)
    {
        _json = json;
        _values = values;
        _limits = limits;
        Locals = slots == 0 ? [] : new object?[slots];
    }

    public object?[] Locals { get; }

    public TimeSpan RegexTimeout => _limits.RegexTimeout;

    public bool TryGetVariable(string name, out object? value)
    {
        if (_json is not null && _json.TryGetValue(name, out var node))
        {
            value = JsonValues.ToCel(node);
            return true;
        }
        if (_values is not null && _values.TryGetValue(name, out value))
        {
            value = value switch
            {
                JsonNode jsonNode => JsonValues.ToCel(jsonNode),
                JsonElement element => JsonValues.FromElement(element),
                _ => value,
            };
            return true;
        }
        value = null;
        return false;
    }

    public void Step()
    {
        if (++_steps > _limits.MaxSteps)
        {
            throw new CelLimitExceededException($"evaluation exceeded the step budget of {_limits.MaxSteps}");
        }
    }

    /// <summary>Charges work proportional to an input (elements scanned, characters searched), so a
    /// linear function inside a macro cannot multiply into an unbounded evaluation.</summary>
    public void Charge(long steps)
    {
        _steps += steps;
        if (_steps > _limits.MaxSteps)
        {
            throw new CelLimitExceededException($"evaluation exceeded the step budget of {_limits.MaxSteps}");
        }
    }

    /// <summary>Charges a scan of a string: one step per 16 characters.</summary>
    public void ChargeText(string text) => Charge(text.Length >> 4);

    /// <summary>Charges a regular expression match: a linear (non-backtracking) matcher's work grows with the input's
    /// length times the pattern's size, one step per 16 characters of input per 16 characters of (translated) pattern.</summary>
    public void ChargeMatch(string text, string pattern) => Charge((text.Length >> 4) * (1 + ((long)pattern.Length >> 4)));

    public void Allocate(long size)
    {
        _allocated += size;
        if (_allocated > _limits.MaxAllocatedSize)
        {
            throw new CelLimitExceededException($"evaluation exceeded the allocation budget of {_limits.MaxAllocatedSize} elements/characters");
        }
    }
}
