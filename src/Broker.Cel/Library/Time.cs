using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>Builds timestamps and durations, turning out-of-range results into CEL errors.</summary>
internal static class Time
{
    public static object Timestamp(Int128 unixNanos) =>
        CelTimestamp.TryCreate(unixNanos, out var timestamp) ? timestamp : new CelError("timestamp out of range");

    /// <summary>timestamp - timestamp: the result must fit 64-bit nanoseconds (about ±292 years),
    /// as in cel-go and the conformance suite.</summary>
    public static object Difference(Int128 nanos) =>
        nanos >= long.MinValue && nanos <= long.MaxValue ? Duration(nanos) : new CelError("duration out of range");

    public static object Duration(Int128 nanos) =>
        CelDuration.TryCreate(nanos, out var duration) ? duration : new CelError("duration out of range");
}
