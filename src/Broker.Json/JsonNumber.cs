using System.Globalization;
using System.Text;

namespace Broker.Json;

/// <summary>
/// Exact arithmetic-free view of a JSON number: "1", "1.0" and "10e-1" share one canonical
/// form, so equality and hashing never lose precision the way double or decimal would.
/// </summary>
internal static class JsonNumber
{
    /// <summary>Returns "[-]digits" or "[-]digitsE&lt;exponent&gt;" with no leading or trailing zeros; zero is "0".</summary>
    public static string Canonicalize(string text)
    {
        var span = text.AsSpan().Trim();
        var negative = span.Length > 0 && span[0] == '-';
        if (negative || (span.Length > 0 && span[0] == '+'))
        {
            span = span[1..];
        }

        var exponentAt = span.IndexOfAny('e', 'E');
        long exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = long.Parse(span[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            span = span[..exponentAt];
        }

        var digits = new StringBuilder(span.Length);
        var dot = span.IndexOf('.');
        if (dot >= 0)
        {
            digits.Append(span[..dot]).Append(span[(dot + 1)..]);
            exponent -= span.Length - dot - 1;
        }
        else
        {
            digits.Append(span);
        }

        var start = 0;
        while (start < digits.Length && digits[start] == '0')
        {
            start++;
        }

        var end = digits.Length;
        while (end > start && digits[end - 1] == '0')
        {
            end--;
            exponent++;
        }

        if (start == end)
        {
            return "0";
        }

        var significand = digits.ToString(start, end - start);
        var sign = negative ? "-" : string.Empty;
        return exponent == 0
            ? sign + significand
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{significand}E{exponent}");
    }

    /// <summary>True when the number has no fractional part (1, 1.0 and 1e2 are integers; 1.5 is not).</summary>
    public static bool IsInteger(string text)
    {
        var canonical = Canonicalize(text);
        var e = canonical.IndexOf('E', StringComparison.Ordinal);
        return e < 0 || canonical[e + 1] != '-';
    }
}
