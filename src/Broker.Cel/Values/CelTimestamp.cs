namespace Broker.Cel.Values;

/// <summary>A CEL <c>google.protobuf.Timestamp</c>: nanoseconds since the Unix epoch, UTC, kept
/// as a 128-bit count because the valid range (years 1 to 9999) does not fit 64 bits.</summary>
public sealed record CelTimestamp
{
    internal const long MinSeconds = -62_135_596_800;   // 0001-01-01T00:00:00Z
    internal const long MaxSeconds = 253_402_300_799;    // 9999-12-31T23:59:59Z
    internal const long NanosPerSecond = 1_000_000_000;

    private CelTimestamp(Int128 unixNanos) => UnixNanos = unixNanos;

    public Int128 UnixNanos { get; }

    public long Seconds => (long)Int128.Clamp(FloorDiv(UnixNanos, NanosPerSecond), long.MinValue, long.MaxValue);

    public int Nanos => (int)(UnixNanos - (Int128)Seconds * NanosPerSecond);

    /// <summary>The instant truncated to .NET's 100 ns resolution.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(FloorDiv(UnixNanos, 100)));

    public static bool TryCreate(Int128 unixNanos, out CelTimestamp timestamp)
    {
        timestamp = new CelTimestamp(unixNanos);
        var seconds = FloorDiv(unixNanos, NanosPerSecond);
        return seconds >= MinSeconds && seconds <= MaxSeconds;
    }

    public static CelTimestamp FromDateTimeOffset(DateTimeOffset value) =>
        new((Int128)(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);

    internal int CompareWith(CelTimestamp? other) => other is null ? 1 : UnixNanos.CompareTo(other.UnixNanos);

    public override string ToString() => CelTimeFormat.FormatTimestamp(this);

    internal static Int128 FloorDiv(Int128 value, Int128 divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }
}
