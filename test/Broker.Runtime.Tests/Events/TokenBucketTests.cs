using Broker.Runtime.Events;

namespace Broker.Runtime.Tests.Events;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void TryTake_AfterBurst_AllowsOnePerRefillInterval()
    {
        var bucket = new TokenBucket(burst: 25, refill: TimeSpan.FromMinutes(5), T0);

        Enumerable.Range(0, 30).Count(_ => bucket.TryTake(T0)).ShouldBe(25);
        bucket.TryTake(T0.AddMinutes(4)).ShouldBeFalse();
        bucket.TryTake(T0.AddMinutes(5)).ShouldBeTrue();
        bucket.TryTake(T0.AddMinutes(5)).ShouldBeFalse();
    }

    [Test]
    public void TryTake_AfterLongSilence_RefillsToBurstOnly()
    {
        var bucket = new TokenBucket(burst: 3, refill: TimeSpan.FromMinutes(5), T0);
        Enumerable.Range(0, 3).Count(_ => bucket.TryTake(T0)).ShouldBe(3);

        var later = T0.AddDays(1);

        Enumerable.Range(0, 10).Count(_ => bucket.TryTake(later)).ShouldBe(3);
    }

    [Test]
    public void IsFull_OnceRefilledToBurst()
    {
        var bucket = new TokenBucket(burst: 2, refill: TimeSpan.FromMinutes(5), T0);
        bucket.IsFull(T0).ShouldBeTrue();
        bucket.TryTake(T0);
        bucket.TryTake(T0);

        bucket.IsFull(T0.AddMinutes(9)).ShouldBeFalse();
        bucket.IsFull(T0.AddMinutes(10)).ShouldBeTrue();
        bucket.IsFull(T0.AddMinutes(-1)).ShouldBeFalse(); // a clock that went back refills nothing
    }
}
