using System.Globalization;
using System.Text;

namespace Broker.Cel.Values;

/// <summary>Renders a value the way CEL would write it as a literal, for messages and the CLI.</summary>
public static class CelFormatter
{
    public static string Format(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case ulong u:
                text.Append(u.ToString(CultureInfo.InvariantCulture)).Append('u');
                break;
            case double d:
                text.Append(FormatDouble(d));
                break;
            case string s:
                text.Append(Quote(s));
                break;
            case CelBytes bytes:
                AppendBytes(text, bytes);
                break;
            case CelList list:
                AppendList(text, list);
                break;
            case CelMap map:
                AppendMap(text, map);
                break;
            case CelTimestamp timestamp:
                text.Append("timestamp(\"").Append(timestamp).Append("\")");
                break;
            case CelDuration duration:
                text.Append("duration(\"").Append(duration).Append("\")");
                break;
            default:
                text.Append(value);
                break;
        }
    }

    private static void AppendBytes(StringBuilder text, CelBytes bytes)
    {
        text.Append("b\"");
        foreach (var b in bytes.Span)
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:x2}");
        }
        text.Append('"');
    }

    private static void AppendList(StringBuilder text, CelList list)
    {
        text.Append('[');
        for (var i = 0; i < list.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ");
            Append(text, list[i]);
        }
        text.Append(']');
    }

    private static void AppendMap(StringBuilder text, CelMap map)
    {
        text.Append('{');
        var first = true;
        foreach (var (key, item) in map)
        {
            text.Append(first ? "" : ", ");
            first = false;
            Append(text, key);
            text.Append(": ");
            Append(text, item);
        }
        text.Append('}');
    }

    internal static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Infinity" : "-Infinity";
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>A double-quoted CEL string literal with escapes.</summary>
    public static string Quote(string s)
    {
        var text = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\v' => "\\v",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
