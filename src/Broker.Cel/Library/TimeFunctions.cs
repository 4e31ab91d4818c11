using System.Globalization;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>Timestamp accessors (UTC, or in a time zone given as an IANA name or <c>±HH:MM</c>)
/// and duration accessors.</summary>
internal static class TimeFunctions
{
    public static void Register(LibraryBuilder builder)
    {
        Accessor(builder, "getFullYear", t => t.Year, null);
        Accessor(builder, "getMonth", t => t.Month - 1, null);
        Accessor(builder, "getDayOfYear", t => t.DayOfYear - 1, null);
        Accessor(builder, "getDayOfMonth", t => t.Day - 1, null);
        Accessor(builder, "getDate", t => t.Day, null);
        Accessor(builder, "getDayOfWeek", t => (int)t.DayOfWeek, null);
        Accessor(builder, "getHours", t => t.Hour, d => d / 3_600_000_000_000);
        Accessor(builder, "getMinutes", t => t.Minute, d => d / 60_000_000_000);
        Accessor(builder, "getSeconds", t => t.Second, d => d / 1_000_000_000);
        Accessor(builder, "getMilliseconds", null, d => d / 1_000_000 % 1000);
    }

    private static void Accessor(LibraryBuilder builder, string name, Func<DateTime, int>? timestampPart, Func<Int128, Int128>? durationPart)
    {
        builder.Member(name, 0, (a, _) => a[0] switch
        {
            CelTimestamp t => Part(t, TimeZoneInfo.Utc, timestampPart),
            CelDuration d when durationPart is not null => (long)durationPart(d.TotalNanos),
            var other => CelError.NoMatchingOverload(name, other),
        });
        builder.Member(name, 1, (a, _) => (a[0], a[1]) switch
        {
            (CelTimestamp t, string zone) => TryZone(zone, out var tz) ? Part(t, tz, timestampPart) : new CelError($"invalid time zone '{zone}'"),
            _ => CelError.NoMatchingOverload(name, a),
        });
    }

    private static object Part(CelTimestamp timestamp, TimeZoneInfo zone, Func<DateTime, int>? part)
    {
        if (part is null)
        {
            return (long)(timestamp.Nanos / 1_000_000); // getMilliseconds is zone-independent
        }
        var local = TimeZoneInfo.ConvertTime(timestamp.ToDateTimeOffset(), zone).DateTime;
        return (long)part(local);
    }

    private static bool TryZone(string zone, out TimeZoneInfo timeZone)
    {
        var unsigned = zone.TrimStart('+', '-');
        if (unsigned.Length == 5 && unsigned[2] == ':' && zone.Length - unsigned.Length <= 1
            && int.TryParse(unsigned.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(unsigned.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            var offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
            timeZone = TimeZoneInfo.CreateCustomTimeZone(zone, offset, zone, zone);
            return true;
        }
        if (zone is "UTC" or "utc" or "Z")
        {
            timeZone = TimeZoneInfo.Utc;
            return true;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone, out timeZone!);
    }
}
