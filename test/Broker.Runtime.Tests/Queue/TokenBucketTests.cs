using Broker.Runtime.Queue;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Queue;

public sealed class TokenBucketTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Test]
    public void Reserve_WithinTheBurst_WaitsNothing()
    {
        var bucket = new TokenBucket(new TokenBucketLimit(PerSecond: 10, Burst: 3), new FakeClock());

        Enumerable.Range(0, 3).Select(_ => bucket.Reserve()).ShouldAllBe(wait => wait == TimeSpan.Zero);
    }

    [Test]
    public void Reserve_BeyondTheBurst_SpacesCallersByTheRate()
    {
        var bucket = new TokenBucket(new TokenBucketLimit(PerSecond: 10, Burst: 1), new FakeClock());
        bucket.Reserve();

        bucket.Reserve().ShouldBe(100 * Ms);
        bucket.Reserve().ShouldBe(200 * Ms);
        bucket.Reserve().ShouldBe(300 * Ms);
    }

    [Test]
    public void Reserve_AfterAPause_TokensHaveAccruedContinuouslyUpToTheBurst()
    {
        var time = new FakeClock();
        var bucket = new TokenBucket(new TokenBucketLimit(PerSecond: 10, Burst: 2), time);
        bucket.Reserve();
        bucket.Reserve();

        time.Advance(50 * Ms); // half a token
        bucket.Reserve().ShouldBe(50 * Ms);
        time.Advance(TimeSpan.FromMinutes(1)); // full again, but no more than the burst
        bucket.Reserve().ShouldBe(TimeSpan.Zero);
        bucket.Reserve().ShouldBe(TimeSpan.Zero);
        bucket.Reserve().ShouldBe(100 * Ms);
    }

    [Test]
    public void Constructor_ZeroRateOrBurst_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TokenBucket(new TokenBucketLimit(0, 1), TimeProvider.System));
        Should.Throw<ArgumentOutOfRangeException>(() => new TokenBucket(new TokenBucketLimit(1, 0), TimeProvider.System));
    }
}
