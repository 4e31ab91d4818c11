using System.Threading.RateLimiting;

namespace Broker.Runtime.Queue;

/// <summary>Settings of a <see cref="RateLimitingQueue{TKey}"/>; each property states its default.</summary>
public sealed record RateLimitingQueueOptions
{
    /// <summary>First retry delay of a failing key. Default 5 ms, as client-go.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-key retry delay. Default 5 minutes.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Limits how fast keys are handed out across all workers. Default: a token bucket of
    /// 50 per second with a burst of 300. Null disables the global limit.</summary>
    public RateLimiter? GlobalLimiter { get; init; } = DefaultLimiter();

    public static TokenBucketRateLimiter DefaultLimiter() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 300,
        TokensPerPeriod = 50,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
