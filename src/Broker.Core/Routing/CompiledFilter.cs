using System.Text;
using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>One filter of an AcceptAPI, parsed once; every criterion that is set must hold.</summary>
public sealed class CompiledFilter
{
    private readonly string[]? _valueIn;
    private readonly byte[][]? _valueInUtf8;
    private readonly string? _suffix;
    private readonly byte[]? _suffixUtf8;

    internal CompiledFilter(FilterKey key, IReadOnlyList<string>? valueIn, long? min, long? max, string? suffix)
    {
        Key = key;
        if (valueIn is { Count: > 0 })
        {
            _valueIn = [.. valueIn];
            _valueInUtf8 = [.. valueIn.Select(Encoding.UTF8.GetBytes)];
        }

        Min = min;
        Max = max;
        if (!string.IsNullOrEmpty(suffix))
        {
            _suffix = suffix;
            _suffixUtf8 = Encoding.UTF8.GetBytes(suffix);
        }
    }

    public FilterKey Key { get; }

    public long? Min { get; }

    public long? Max { get; }

    /// <summary>Whether the field's value passes; <paramref name="found"/> is false when the field is absent.</summary>
    public bool Matches(bool found, JsonElement value) => found && Reason(value, explain: false) is null;

    /// <summary>Why the value fails, or null when it passes.</summary>
    public string? Explain(bool found, JsonElement value) => found ? Reason(value, explain: true) : $"{Key} absent";

    private string? Reason(JsonElement value, bool explain)
    {
        if (!ScalarText.IsScalar(value))
        {
            return explain ? $"{Key} is {(value.ValueKind == JsonValueKind.Array ? "a list" : "an object")}, not a single value" : "";
        }

        if (_valueIn is not null && !InValueSet(value))
        {
            return explain ? $"{Key} {ScalarText.Render(value)} not in [{string.Join(", ", _valueIn.Select(ScalarText.Quote))}]" : "";
        }

        if (Min is not null || Max is not null)
        {
            if (!ScalarText.TryGetInteger(value, out var integer))
            {
                return explain ? $"{Key} {ScalarText.Render(value)} is not an integer" : "";
            }

            if (integer < Min)
            {
                return explain ? $"{Key} {integer} below minimum {Min}" : "";
            }

            if (integer > Max)
            {
                return explain ? $"{Key} {integer} above maximum {Max}" : "";
            }
        }

        if (_suffix is not null && !ScalarText.EndsWith(value, _suffix, _suffixUtf8!))
        {
            return explain ? $"{Key} {ScalarText.Render(value)} lacks suffix {ScalarText.Quote(_suffix)}" : "";
        }

        return null;
    }

    private bool InValueSet(JsonElement value)
    {
        for (var i = 0; i < _valueIn!.Length; i++)
        {
            if (ScalarText.EqualsText(value, _valueIn[i], _valueInUtf8![i]))
            {
                return true;
            }
        }

        return false;
    }
}
