namespace Broker.Runtime.Queue;

/// <summary>
/// A token bucket that reserves instead of refusing: every caller gets a token and learns how long to wait for it.
/// Tokens accrue continuously (not in lumps per period) up to the burst, as golang.org/x/time/rate's Reserve, which
/// client-go's BucketRateLimiter uses for the overall limit on retries.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    public TokenBucket(TokenBucketLimit limit, TimeProvider time)
    {
        if (limit.PerSecond <= 0 || limit.Burst <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "a token bucket needs a positive rate and burst");
        }

        (_perSecond, _burst, _time) = (limit.PerSecond, limit.Burst, time);
        _tokens = limit.Burst;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes one token, possibly one not yet accrued, and returns how long until it is there (zero if it is).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
            _last = now;
            _tokens--;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
    }
}

/// <summary>Rate and burst of a <see cref="TokenBucket"/>.</summary>
public sealed record TokenBucketLimit(double PerSecond, int Burst);
