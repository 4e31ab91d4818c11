namespace Broker.Runtime.Queue;

/// <summary>Settings of a <see cref="RateLimitingQueue{TKey}"/>; each property states its default.</summary>
public sealed record RateLimitingQueueOptions
{
    /// <summary>First retry delay of a failing key. Default 5 ms, as client-go.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-key retry delay. Default 5 minutes.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Overall limit on retries (<see cref="RateLimitingQueue{TKey}.AddRateLimited"/>) across all keys, on top of each
    /// key's backoff, so many keys failing at once do not hammer the server. Default 10 per second with a burst of 100,
    /// as client-go's default controller rate limiter. Null: per-key backoff only. Keys added because something changed
    /// are never limited: the work a controller does follows the changes it sees.
    /// </summary>
    public TokenBucketLimit? RetryLimit { get; init; } = new(10, 100);
}
