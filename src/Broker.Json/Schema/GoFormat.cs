using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// Renders values the way Kubernetes' Go code prints them in validation messages (%q, %v,
/// %#v of decoded JSON), so clients that match on messages see the same text.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's strconv.Quote for the characters that occur in practice.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ' or '\u007f': builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A field.Error bad value: strings quoted, numbers and booleans bare, objects and arrays as Go literals.</summary>
    public static string Value(JsonNode? node) => JsonEquality.KindOf(node) switch
    {
        JsonValueKind.String => Quote(JsonEquality.StringValue(node!)),
        JsonValueKind.Null => "null",
        _ => Literal(node),
    };

    /// <summary>Go's %#v of a decoded JSON value.</summary>
    public static string Literal(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "interface {}(nil)";
            case JsonObject obj:
                var members = obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{Literal(p.Value)}");
                return $"map[string]interface {{}}{{{string.Join(", ", members)}}}";
            case JsonArray array:
                return $"[]interface {{}}{{{string.Join(", ", array.Select(Literal))}}}";
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => Quote(JsonEquality.StringValue(node)),
            JsonValueKind.Number => Number(node.ToJsonString()),
            JsonValueKind.True => "true",
            _ => "false",
        };
    }

    /// <summary>A JSON number as Go prints it after decoding: int64 when integral and in range, else float64.</summary>
    public static string Number(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        return Float(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Go's %v of a float64: shortest digits, exponent form ("1e+06") below 1e-4 and from 1e6.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }

        var canonical = JsonNumber.Canonicalize(value.ToString("R", CultureInfo.InvariantCulture));
        if (canonical == "0")
        {
            return "0";
        }

        var negative = canonical[0] == '-';
        var e = canonical.IndexOf('E', StringComparison.Ordinal);
        var digits = canonical[(negative ? 1 : 0)..(e < 0 ? canonical.Length : e)];
        var scale = e < 0 ? 0 : int.Parse(canonical[(e + 1)..], CultureInfo.InvariantCulture);
        var exponent = scale + digits.Length - 1;
        var sign = negative ? "-" : string.Empty;
        if (exponent is < -4 or >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        if (scale >= 0)
        {
            return sign + digits + new string('0', scale);
        }

        var point = digits.Length + scale;
        return point > 0
            ? $"{sign}{digits[..point]}.{digits[point..]}"
            : $"{sign}0.{new string('0', -point)}{digits}";
    }
}
