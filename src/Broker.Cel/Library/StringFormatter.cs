using System.Globalization;
using System.Text;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary><c>"...".format([args])</c>: <c>%s %d %f %.Nf %e %x %X %o %b %%</c>, as in the strings library.</summary>
internal static class StringFormatter
{
    public static object Format(string format, CelList args, EvalContext context)
    {
        var text = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                text.Append(c);
                continue;
            }
            if (++i >= format.Length)
            {
                return new CelError("format: unterminated verb");
            }
            if (format[i] == '%')
            {
                text.Append('%');
                continue;
            }
            int? precision = null;
            if (format[i] == '.')
            {
                var start = ++i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    i++;
                }
                precision = int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                if (i >= format.Length)
                {
                    return new CelError("format: unterminated verb");
                }
            }
            if (next >= args.Count)
            {
                return new CelError($"format: index {next} out of range (only {args.Count} arguments)");
            }
            var formatted = Verb(format[i], precision, args[next++]);
            if (formatted is CelError)
            {
                return formatted;
            }
            text.Append((string)formatted);
        }
        context.Allocate(text.Length);
        return text.ToString();
    }

    private static object Verb(char verb, int? precision, object? value) => verb switch
    {
        's' => AsString(value),
        'd' => value switch
        {
            long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            double d when double.IsNaN(d) || double.IsInfinity(d) => Conversions.FormatDouble(d).Replace("+Inf", "Infinity", StringComparison.Ordinal).Replace("-Inf", "-Infinity", StringComparison.Ordinal),
            _ => new CelError($"format: %d requires an integer, got {CelTypes.Of(value).Name}"),
        },
        'f' => Fixed(value, precision ?? 6),
        'e' => value is double or long or ulong
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("0." + new string('0', precision ?? 6) + "e+00", CultureInfo.InvariantCulture)
            : new CelError($"format: %e requires a number, got {CelTypes.Of(value).Name}"),
        'x' or 'X' => Hex(value, verb == 'X'),
        'o' => value switch
        {
            long l => Convert.ToString(l, 8),
            ulong u => Convert.ToString((long)u, 8),
            _ => new CelError($"format: %o requires an integer, got {CelTypes.Of(value).Name}"),
        },
        'b' => value switch
        {
            long l => Convert.ToString(l, 2),
            ulong u => Convert.ToString((long)u, 2),
            bool b => b ? "1" : "0",
            _ => new CelError($"format: %b requires an integer, got {CelTypes.Of(value).Name}"),
        },
        _ => new CelError($"format: unrecognized verb %{verb}"),
    };

    private static object Fixed(object? value, int precision)
    {
        if (value is not (double or long or ulong))
        {
            return new CelError($"format: %f requires a number, got {CelTypes.Of(value).Name}");
        }
        var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        return d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static object Hex(object? value, bool upper)
    {
        string? hex = value switch
        {
            long l => l < 0 ? "-" + (-(Int128)l).ToString("x", CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture),
            ulong u => u.ToString("x", CultureInfo.InvariantCulture),
            string s => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
            CelBytes b => Convert.ToHexStringLower(b.Span),
            _ => null,
        };
        if (hex is null)
        {
            return new CelError($"format: %x requires an integer, string or bytes, got {CelTypes.Of(value).Name}");
        }
        return upper ? hex.ToUpperInvariant() : hex;
    }

    // %s: strings and bytes as text, numbers plainly, lists and maps (sorted by key) recursively.
    private static object AsString(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                return double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            case CelList list:
                var items = new string[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (AsString(list[i]) is not string item)
                    {
                        return new CelError($"format: cannot format {CelTypes.Of(list[i]).Name} with %s");
                    }
                    items[i] = item;
                }
                return "[" + string.Join(", ", items) + "]";
            case CelMap map:
                var entries = new List<string>(map.Count);
                foreach (var (key, item) in map)
                {
                    if (AsString(key) is not string k || AsString(item) is not string v)
                    {
                        return new CelError("format: cannot format map entry with %s");
                    }
                    entries.Add(k + ": " + v);
                }
                entries.Sort(StringComparer.Ordinal);
                return "{" + string.Join(", ", entries) + "}";
            case CelOptional optional:
                return optional.HasValue ? AsString(optional.Value) : "optional.none()";
            default:
                return Conversions.ToStringValue(value);
        }
    }
}
