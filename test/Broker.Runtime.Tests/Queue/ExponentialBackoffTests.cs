using Broker.Runtime.Queue;

namespace Broker.Runtime.Tests.Queue;

public sealed class ExponentialBackoffTests
{
    [Test]
    public void NextDelay_ManyFailures_CappedWithoutOverflow()
    {
        var backoff = new ExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.NextDelay("a")).ToList();

        delays[0].ShouldBe(TimeSpan.FromMilliseconds(5));
        delays[1].ShouldBe(TimeSpan.FromMilliseconds(10));
        delays[3].ShouldBe(TimeSpan.FromMilliseconds(40));
        delays[^1].ShouldBe(TimeSpan.FromMinutes(5));
        delays.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Test]
    public void NextDelay_OtherKey_Independent()
    {
        var backoff = new ExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));
        backoff.NextDelay("a");
        backoff.NextDelay("a");

        backoff.NextDelay("b").ShouldBe(TimeSpan.FromMilliseconds(5));
        backoff.Failures("a").ShouldBe(2);
    }
}
