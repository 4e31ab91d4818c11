namespace Broker.Cel.Values;

/// <summary>A CEL <c>google.protobuf.Duration</c>: a signed count of nanoseconds within the
/// protobuf range of about ±10,000 years.</summary>
public sealed record CelDuration
{
    internal const long MaxSeconds = 315_576_000_000;

    private CelDuration(Int128 nanos) => TotalNanos = nanos;

    public Int128 TotalNanos { get; }

    public static bool TryCreate(Int128 nanos, out CelDuration duration)
    {
        duration = new CelDuration(nanos);
        var limit = (Int128)MaxSeconds * CelTimestamp.NanosPerSecond + (CelTimestamp.NanosPerSecond - 1);
        return nanos >= -limit && nanos <= limit;
    }

    public static CelDuration FromTimeSpan(TimeSpan value) => new((Int128)value.Ticks * 100);

    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks((long)(TotalNanos / 100));

    internal int CompareWith(CelDuration? other) => other is null ? 1 : TotalNanos.CompareTo(other.TotalNanos);

    public override string ToString() => CelTimeFormat.FormatDuration(this);
}
