using System.Globalization;
using System.Text;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>Type conversions <c>int uint double string bytes bool dyn type timestamp duration</c>.</summary>
internal static class Conversions
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Register(LibraryBuilder builder)
    {
        builder.Global("int", 1, (a, _) => ToInt(a[0]));
        builder.Global("uint", 1, (a, _) => ToUint(a[0]));
        builder.Global("double", 1, (a, _) => ToDouble(a[0]));
        builder.Global("string", 1, (a, _) => ToStringValue(a[0]));
        builder.Global("bytes", 1, (a, _) => a[0] switch
        {
            CelBytes b => b,
            string s => CelBytes.Own(Encoding.UTF8.GetBytes(s)),
            var other => CelError.NoMatchingOverload("bytes", other),
        });
        builder.Global("bool", 1, (a, _) => ToBool(a[0]));
        builder.Global("dyn", 1, (a, _) => a[0]);
        builder.Global("type", 1, (a, _) => CelTypes.Of(a[0]));
        builder.Global("timestamp", 1, (a, _) => a[0] switch
        {
            CelTimestamp t => t,
            long seconds => Time.Timestamp((Int128)seconds * CelTimestamp.NanosPerSecond),
            string s => CelTimeFormat.TryParseTimestamp(s, out var nanos) ? Time.Timestamp(nanos) : new CelError($"timestamp: cannot parse '{s}'"),
            var other => CelError.NoMatchingOverload("timestamp", other),
        });
        builder.Global("duration", 1, (a, _) => a[0] switch
        {
            CelDuration d => d,
            long seconds => Time.Duration((Int128)seconds * CelTimestamp.NanosPerSecond),
            string s => CelTimeFormat.TryParseDuration(s, out var nanos) ? Time.Duration(nanos) : new CelError($"duration: cannot parse '{s}'"),
            var other => CelError.NoMatchingOverload("duration", other),
        });
    }

    private static CelError Range(string function) => new($"{function}: range error");

    private static object ToInt(object? value) => value switch
    {
        long l => l,
        ulong u => u > long.MaxValue ? Range("int") : (long)u,
        double d => d > -9.223372036854775808e18 && d < 9.223372036854775808e18 ? (long)d : Range("int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : new CelError($"int: cannot parse '{s}'"),
        CelTimestamp t => t.Seconds,
        _ => CelError.NoMatchingOverload("int", value),
    };

    private static object ToUint(object? value) => value switch
    {
        ulong u => u,
        long l => l < 0 ? Range("uint") : (ulong)l,
        double d => d > -1 && d < 1.8446744073709552e19 ? (ulong)d : Range("uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : new CelError($"uint: cannot parse '{s}'"),
        _ => CelError.NoMatchingOverload("uint", value),
    };

    private static object ToDouble(object? value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s),
        _ => CelError.NoMatchingOverload("double", value),
    };

    private static object ParseDouble(string s) => s switch
    {
        "NaN" => double.NaN,
        "Infinity" or "+Infinity" or "inf" or "+inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : new CelError($"double: cannot parse '{s}'"),
    };

    public static object ToStringValue(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        CelBytes b => DecodeUtf8(b),
        CelTimestamp t => t.ToString(),
        CelDuration d => d.ToString(),
        CelType t => t.Name,
        CelIp or CelCidr => value.ToString()!,
        _ => CelError.NoMatchingOverload("string", value),
    };

    // Go's strconv.FormatFloat(d, 'g', -1, 64) spelling, as cel-go prints doubles.
    internal static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is >= -4 and < 21)
        {
            return d.ToString("0.####################", CultureInfo.InvariantCulture);
        }
        return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static object DecodeUtf8(CelBytes bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return new CelError("invalid UTF-8 in bytes, cannot convert to string");
        }
    }

    private static object ToBool(object? value) => value switch
    {
        bool b => Boxes.Bool(b),
        string s => s switch
        {
            "true" or "True" or "TRUE" or "t" or "T" or "1" => Boxes.True,
            "false" or "False" or "FALSE" or "f" or "F" or "0" => Boxes.False,
            _ => new CelError($"Type conversion error: cannot convert '{s}' to bool"),
        },
        _ => CelError.NoMatchingOverload("bool", value),
    };
}
