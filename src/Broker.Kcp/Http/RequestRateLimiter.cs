using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Broker.Kcp.Http;

/// <summary>
/// The token bucket of a <see cref="ClientRateLimit"/>, shared by every request of one <see cref="KcpClient"/> and its
/// views (System.Threading.RateLimiting's, refilled on a timer). Waiters are served oldest first and never refused, as
/// client-go's limiter blocks rather than fails; each wait is reported to the client's telemetry.
/// </summary>
internal sealed class RequestRateLimiter : IDisposable
{
    // The timer refills at most every 10 ms; a faster rate refills several tokens at once.
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(10);

    private readonly TokenBucketRateLimiter _bucket;
    private readonly KcpClientTelemetry _telemetry;

    public RequestRateLimiter(ClientRateLimit limit, KcpClientTelemetry telemetry)
    {
        if (limit.Problem is { } problem)
        {
            throw new ArgumentException($"client rate limit: {problem}", nameof(limit));
        }

        _telemetry = telemetry;
        var period = TimeSpan.FromSeconds(1 / limit.Qps);
        var tokens = 1;
        if (period < ShortestPeriod)
        {
            tokens = (int)Math.Round(limit.Qps * ShortestPeriod.TotalSeconds);
            period = ShortestPeriod;
        }

        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = Math.Min(tokens, limit.Burst),
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Takes a token, waiting for one while the bucket is empty.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = await _bucket.AcquireAsync(1, cancellationToken);
        _telemetry.Waited(Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _bucket.Dispose();
}
