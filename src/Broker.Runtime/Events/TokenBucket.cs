namespace Broker.Runtime.Events;

/// <summary>Allows <c>burst</c> takes at once and one more per <c>refill</c> interval after that, measured on the times
/// it is given (the recorder's clock), so tests need no real waiting.</summary>
internal sealed class TokenBucket(int burst, TimeSpan refill, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _last = now;

    /// <summary>True when the bucket will have refilled to its burst by <paramref name="now"/>: a new bucket would do the same.</summary>
    public bool IsFull(DateTimeOffset now) =>
        refill <= TimeSpan.Zero || _tokens + (Math.Max(0, (now - _last).Ticks) / (double)refill.Ticks) >= burst;

    public bool TryTake(DateTimeOffset now)
    {
        if (now > _last)
        {
            _tokens = refill > TimeSpan.Zero ? Math.Min(burst, _tokens + ((now - _last) / refill)) : burst;
            _last = now;
        }

        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
