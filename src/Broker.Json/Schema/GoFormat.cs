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

    /// <summary>A field.Error bad value: strings quoted, numbers and booleans bare, objects and arrays as Go's JSON.</summary>
    public static string Value(JsonNode? node) => JsonEquality.KindOf(node) switch
    {
        JsonValueKind.String => Quote(JsonEquality.StringValue(node!)),
        JsonValueKind.Number => Number(node!.ToJsonString()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => Json(node),
    };

    /// <summary>Go's json.Marshal of a decoded value: object keys sorted, &lt; &gt; &amp; escaped.</summary>
    public static string Json(JsonNode? node)
    {
        var builder = new StringBuilder();
        AppendJson(builder, node);
        return builder.ToString();
    }

    private static void AppendJson(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                return;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : ",");
                    AppendJsonString(builder, name);
                    builder.Append(':');
                    AppendJson(builder, value);
                    first = false;
                }

                builder.Append('}');
                return;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    AppendJson(builder, array[i]);
                }

                builder.Append(']');
                return;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                AppendJsonString(builder, JsonEquality.StringValue(node));
                break;
            case JsonValueKind.Number:
                builder.Append(JsonNumberText(node.ToJsonString()));
                break;
            default:
                builder.Append(node.GetValueKind() == JsonValueKind.True ? "true" : "false");
                break;
        }
    }

    private static void AppendJsonString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029': builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Go's encoding of a decoded JSON number: int64 digits, else float64 in ES6 style ("0.5", "1e-7", "1e+21").</summary>
    private static string JsonNumberText(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var abs = Math.Abs(value);
        var (sign, digits, scale) = Shortest(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var exponent = scale + digits.Length - 1;
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent)}");
        }

        return Plain(sign, digits, scale);
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

        var (sign, digits, scale) = Shortest(value);
        var exponent = scale + digits.Length - 1;
        if (digits != "0" && exponent is < -4 or >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        return Plain(sign, digits, scale);
    }

    /// <summary>The shortest round-trip decimal digits of a double: value = sign digits × 10^scale.</summary>
    private static (string Sign, string Digits, int Scale) Shortest(double value)
    {
        var canonical = JsonNumber.Canonicalize(value.ToString("R", CultureInfo.InvariantCulture));
        if (canonical == "0")
        {
            return (string.Empty, "0", 0);
        }

        var negative = canonical[0] == '-';
        var e = canonical.IndexOf('E', StringComparison.Ordinal);
        var digits = canonical[(negative ? 1 : 0)..(e < 0 ? canonical.Length : e)];
        var scale = e < 0 ? 0 : int.Parse(canonical[(e + 1)..], CultureInfo.InvariantCulture);
        return (negative ? "-" : string.Empty, digits, scale);
    }

    private static string Plain(string sign, string digits, int scale)
    {
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
