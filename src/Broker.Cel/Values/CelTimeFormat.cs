using System.Globalization;
using System.Text;

namespace Broker.Cel.Values;

/// <summary>Text forms of timestamps (RFC 3339 with up to nanoseconds) and durations (Go's
/// <c>time.ParseDuration</c> syntax in, seconds with a fraction out, as cel-go does).</summary>
internal static class CelTimeFormat
{
    public static string FormatTimestamp(CelTimestamp timestamp)
    {
        var seconds = timestamp.Seconds;
        var dateTime = DateTime.UnixEpoch.AddSeconds(seconds);
        var text = new StringBuilder(dateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        AppendFraction(text, timestamp.Nanos);
        return text.Append('Z').ToString();
    }

    public static string FormatDuration(CelDuration duration)
    {
        var nanos = duration.TotalNanos;
        var text = new StringBuilder();
        if (nanos < 0)
        {
            text.Append('-');
            nanos = -nanos;
        }
        text.Append((nanos / CelTimestamp.NanosPerSecond).ToString(CultureInfo.InvariantCulture));
        AppendFraction(text, (int)(nanos % CelTimestamp.NanosPerSecond));
        return text.Append('s').ToString();
    }

    private static void AppendFraction(StringBuilder text, int nanos)
    {
        if (nanos != 0)
        {
            text.Append('.').Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
    }

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>.</summary>
    public static bool TryParseTimestamp(string text, out Int128 unixNanos)
    {
        unixNanos = 0;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        if (!TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }
        var rest = s[19..];
        long fraction = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            if (digits == 1 || digits > 10)
            {
                return false;
            }
            var fractionText = rest[1..digits].ToString().PadRight(9, '0');
            fraction = long.Parse(fractionText, CultureInfo.InvariantCulture);
            rest = rest[digits..];
        }
        long offsetSeconds = 0;
        if (rest is "Z" or "z")
        {
            offsetSeconds = 0;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
            && TryDigits(rest.Slice(1, 2), out var offsetHours) && TryDigits(rest.Slice(4, 2), out var offsetMinutes))
        {
            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (rest[0] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        var seconds = (long)(local - DateTime.UnixEpoch).TotalSeconds - offsetSeconds;
        unixNanos = (Int128)seconds * CelTimestamp.NanosPerSecond + fraction;
        return true;
    }

    /// <summary>Parses Go duration syntax: an optional sign and a sequence of decimal numbers with
    /// units <c>h m s ms us µs ns</c>, e.g. <c>-1h30m</c>, <c>1.5s</c>.</summary>
    public static bool TryParseDuration(string text, out Int128 nanos)
    {
        nanos = 0;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0")
        {
            return true;
        }
        if (s.IsEmpty)
        {
            return false;
        }
        Int128 total = 0;
        while (!s.IsEmpty)
        {
            if (!TryComponent(ref s, out var component))
            {
                return false;
            }
            total += component;
        }
        nanos = negative ? -total : total;
        return true;
    }

    // One `<decimal><unit>` component, e.g. `1.5h`, in nanoseconds.
    private static bool TryComponent(ref ReadOnlySpan<char> s, out Int128 nanos)
    {
        nanos = 0;
        var i = 0;
        Int128 whole = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            whole = whole * 10 + (s[i] - '0');
            if (whole > (Int128)long.MaxValue * 1000)
            {
                return false;
            }
            i++;
        }
        var hadWhole = i > 0;
        Int128 fraction = 0, scale = 1;
        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (scale < 1_000_000_000_000_000_000)
                {
                    fraction = fraction * 10 + (s[i] - '0');
                    scale *= 10;
                }
                i++;
            }
            hadWhole |= i > start;
        }
        if (!hadWhole)
        {
            return false;
        }
        var unitStart = i;
        while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
        {
            i++;
        }
        Int128 unit = s[unitStart..i] switch
        {
            "ns" => 1,
            "us" or "\u00b5s" or "\u03bcs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => 0,
        };
        nanos = whole * unit + fraction * unit / scale;
        s = s[i..];
        return unit != 0;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
