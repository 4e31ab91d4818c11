using System.Diagnostics.Metrics;
using Broker.Runtime.Queue;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Queue;

public sealed class RateLimitingQueueLongDelayTests
{
    // Regression: the example issuer requeues for renewal ~60 days ahead; timers refuse more than ~49 days.
    [Test]
    public void AddAfter_DelayBeyondTimerLimit_IsAcceptedAndFiresEventually()
    {
        using var meter = new Meter("test");
        var time = new FakeClock(DateTimeOffset.UnixEpoch);
        using var queue = new RateLimitingQueue<string>("q", new RateLimitingQueueOptions { RetryLimit = null }, meter, time);

        queue.AddAfter("renew", TimeSpan.FromDays(60));
        queue.Count.ShouldBe(0);

        time.Advance(TimeSpan.FromDays(31));
        queue.Count.ShouldBe(1);
    }
}
