using System.Collections.Concurrent;
using Broker.Runtime.Controllers;
using Broker.Testing;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Controllers;

public sealed class PeriodicResyncTests
{
    [Test]
    public async Task RunAsync_EachInterval_QueuesEveryKeyOfTheMoment()
    {
        var time = new FakeClock();
        var queued = new ConcurrentQueue<string>();
        string[] keys = ["a", "b"];
        using var stop = new CancellationTokenSource();
        var resync = PeriodicResync.RunAsync(TimeSpan.FromMinutes(10), () => keys, queued.Enqueue, time, stop.Token);

        await Eventually.UntilAsync("the timer armed", () => time.ActiveTimers == 1);
        time.Advance(TimeSpan.FromMinutes(9));
        queued.ShouldBeEmpty();
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync("the first resync", () => queued.Count == 2);
        keys = ["c"]; // read anew each time: the cache as it is then
        time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.UntilAsync("the second resync", () => queued.Count == 3);

        await stop.CancelAsync();
        await resync; // ends quietly when cancelled
        queued.ShouldBe(["a", "b", "c"]);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public async Task RunAsync_ZeroOrNegativeInterval_Off(int seconds)
    {
        var time = new FakeClock();

        await PeriodicResync.RunAsync(TimeSpan.FromSeconds(seconds), () => (string[])["a"], _ => Assert.Fail("queued"), time, CancellationToken.None);

        time.ActiveTimers.ShouldBe(0);
    }
}
