using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Broker.Json.Schema;

internal sealed partial class ValueValidator
{
    private void CheckString(JsonNode value, OpenApiSchema schema, string path)
    {
        var text = JsonEquality.StringValue(value);
        CheckStringFormat(value, text, schema, path);

        // kube-openapi counts runes (code points), not UTF-16 units.
        var length = schema.MinLength is null && schema.MaxLength is null ? 0 : text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            _schemaErrors.Add(new FieldError(path, FieldErrorType.FieldValueTooLong, $"Too long: may not be more than {max} {(max == 1 ? "byte" : "bytes")}"));
        }

        if (schema.MinLength is { } min && length < min)
        {
            Invalid(path, value, $"{InBody(path)} should be at least {min} chars long");
        }

        if (schema.PatternRegex is { } regex)
        {
            CheckPattern(value, text, regex, schema.Pattern!, path);
        }
    }

    private void CheckPattern(JsonNode value, string text, Regex regex, string pattern, string path)
    {
        try
        {
            if (!regex.IsMatch(text))
            {
                Invalid(path, value, $"{InBody(path)} should match '{pattern}'");
            }
        }
        catch (RegexMatchTimeoutException e)
        {
            _schemaErrors.Add(new FieldError(
                path, FieldErrorType.InternalError, $"Internal error: matching pattern '{pattern}' timed out after {e.MatchTimeout.TotalMilliseconds}ms"));
        }
    }

    private void CheckStringFormat(JsonNode value, string text, OpenApiSchema schema, string path)
    {
        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            TypeInvalid(path, value, format, text);
        }
    }

    private void CheckNumber(JsonNode value, OpenApiSchema schema, string path)
    {
        var text = value.ToJsonString();
        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var integral = JsonNumber.IsInteger(text);
        CheckIntegerFormat(value, text, integral, schema, path);

        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            Invalid(path, value, $"{InBody(path)} should be {relation} {Bound(max, integral)}");
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            Invalid(path, value, $"{InBody(path)} should be {relation} {Bound(min, integral)}");
        }

        if (schema.MultipleOf is { } factor && factor > 0 && !IsMultiple(number, factor))
        {
            Invalid(path, value, $"{InBody(path)} should be a multiple of {Bound(factor, integral)}");
        }
    }

    private void CheckIntegerFormat(JsonNode value, string text, bool integral, OpenApiSchema schema, string path)
    {
        (decimal Low, decimal High)? range = schema.Format switch
        {
            "int32" => (int.MinValue, int.MaxValue),
            "int64" => (long.MinValue, long.MaxValue),
            _ => null,
        };
        if (!integral || range is not { } bounds)
        {
            return;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < bounds.Low || number > bounds.High)
        {
            TypeInvalid(path, value, schema.Format!, text);
        }
    }

    private void TypeInvalid(string path, JsonNode value, string type, string text) =>
        _schemaErrors.Add(new FieldError(
            path, FieldErrorType.FieldValueTypeInvalid, $"Invalid value: {GoFormat.Value(value)}: {InBody(path)} must be of type {type}: {GoFormat.Quote(text)}"));

    /// <summary>kube-openapi prints the bound as an int64 for integral values, as a float64 otherwise.</summary>
    private static string Bound(double bound, bool integral) =>
        integral && bound is > long.MinValue and < long.MaxValue
            ? ((long)bound).ToString(CultureInfo.InvariantCulture)
            : GoFormat.Float(bound);

    private static bool IsMultiple(double number, double factor)
    {
        var quotient = number / factor;
        return Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }
}
