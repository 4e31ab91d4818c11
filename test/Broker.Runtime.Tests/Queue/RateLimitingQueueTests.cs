using System.Diagnostics.Metrics;
using Broker.Runtime.Queue;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Queue;

public sealed class RateLimitingQueueTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private Meter _meter = null!;
    private FakeClock _time = null!;

    [SetUp]
    public void SetUp()
    {
        _meter = new Meter("test.ratelimiting");
        _time = new FakeClock();
    }

    [TearDown]
    public void TearDown() => _meter.Dispose();

    [Test]
    public void AddAfter_BeforeDeadline_NotHandedOut()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", 100 * Ms);

        _time.Advance(99 * Ms);
        queue.Count.ShouldBe(0);
        queue.DelayedCount.ShouldBe(1);

        _time.Advance(Ms);
        queue.Count.ShouldBe(1);
        queue.DelayedCount.ShouldBe(0);
    }

    [Test]
    public void CancelDelayed_PendingAddDropped_LaterAddsStillWork()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", 100 * Ms);

        queue.CancelDelayed("a");
        _time.Advance(200 * Ms);
        queue.Count.ShouldBe(0);
        queue.DelayedCount.ShouldBe(0);

        queue.AddAfter("a", 10 * Ms);
        _time.Advance(10 * Ms);
        queue.Count.ShouldBe(1);
    }

    [Test]
    public void AddAfter_EarlierDeadline_ReplacesLaterOne()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", 100 * Ms);
        queue.AddAfter("a", 10 * Ms);

        _time.Advance(10 * Ms);
        queue.Count.ShouldBe(1);
        _time.ActiveTimers.ShouldBe(0);
    }

    [Test]
    public void AddAfter_LaterDeadline_KeepsEarlierOne()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", 10 * Ms);
        queue.AddAfter("a", 100 * Ms);

        _time.Advance(10 * Ms);
        queue.Count.ShouldBe(1);
        _time.ActiveTimers.ShouldBe(0);
    }

    [Test]
    public void AddAfter_ZeroDelay_AddsAtOnce()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.Zero);

        queue.Count.ShouldBe(1);
    }

    [Test]
    public async Task AddRateLimited_RepeatedFailures_DelayDoublesUntilForget()
    {
        using var queue = NewQueue(new RateLimitingQueueOptions { BackoffBase = 10 * Ms, BackoffMax = TimeSpan.FromSeconds(1), RetryLimit = null });

        queue.AddRateLimited("a");      // 10 ms
        _time.Advance(9 * Ms);
        queue.Count.ShouldBe(0);
        _time.Advance(Ms);
        queue.Count.ShouldBe(1);

        await DrainOneAsync(queue);
        queue.AddRateLimited("a");      // 20 ms
        _time.Advance(19 * Ms);
        queue.Count.ShouldBe(0);
        _time.Advance(Ms);
        queue.Count.ShouldBe(1);
        queue.Failures("a").ShouldBe(2);

        await DrainOneAsync(queue);
        queue.Forget("a");
        queue.AddRateLimited("a");      // back to 10 ms
        _time.Advance(10 * Ms);
        queue.Count.ShouldBe(1);
    }

    [Test]
    public void AddRateLimited_RetriesOverTheOverallLimit_WaitLongerThanTheirBackoff()
    {
        using var queue = NewQueue(new RateLimitingQueueOptions { BackoffBase = Ms, RetryLimit = new TokenBucketLimit(PerSecond: 10, Burst: 2) });

        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            queue.AddRateLimited(key); // a and b within the burst, c and d 100 and 200 ms later
        }

        _time.Advance(Ms);
        queue.Count.ShouldBe(2);
        _time.Advance(99 * Ms);
        queue.Count.ShouldBe(3);
        _time.Advance(100 * Ms);
        queue.Count.ShouldBe(4);
    }

    [Test]
    public void AddAfterBackoff_OverallLimitSpent_WaitsOnlyItsBackoff_AndCountsAsAFailure()
    {
        using var queue = NewQueue(new RateLimitingQueueOptions { BackoffBase = Ms, RetryLimit = new TokenBucketLimit(PerSecond: 1, Burst: 1) });
        queue.AddRateLimited("a"); // spends the burst
        queue.AddRateLimited("b"); // a second later

        queue.AddAfterBackoff("c");
        queue.AddAfterBackoff("c");

        queue.Failures("c").ShouldBe(2);
        _time.Advance(2 * Ms);
        queue.Count.ShouldBe(2, "a and c, not b");
        _time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.ShouldBe(3);
    }

    [Test]
    public async Task TakeAsync_KeysAddedForChanges_AreNotLimited()
    {
        using var queue = NewQueue(new RateLimitingQueueOptions { RetryLimit = new TokenBucketLimit(PerSecond: 1, Burst: 1) });
        var keys = Enumerable.Range(0, 1000).Select(i => $"k{i}").ToList();
        keys.ForEach(queue.Add);

        foreach (var key in keys)
        {
            (await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1))).ShouldBe(key);
        }
    }

    [Test]
    public void Dispose_WithPendingDelays_CancelsTimers()
    {
        var queue = NewQueue();
        queue.AddAfter("a", 10 * Ms);

        queue.Dispose();

        _time.ActiveTimers.ShouldBe(0);
    }

    private static async Task DrainOneAsync(RateLimitingQueue<string> queue)
    {
        var key = await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));
        queue.Done(key);
    }

    // A delayed add must not keep the adding flow's ExecutionContext (its Activity, log scopes, AsyncLocals) alive until
    // it fires: a finished Migration is requeued for the whole retention, and the soak found an Activity held per timer.
    [Test]
    public void AddAfter_RealTimer_DoesNotKeepTheAddersExecutionContextAlive()
    {
        using var queue = new RateLimitingQueue<string>("q", new RateLimitingQueueOptions { RetryLimit = null }, _meter, TimeProvider.System);

        var payload = AddAfterInAFlowHolding(queue);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        queue.DelayedCount.ShouldBe(1);
        payload.IsAlive.ShouldBeFalse("the delayed add's timer holds the adder's AsyncLocal value");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AddAfterInAFlowHolding(RateLimitingQueue<string> queue)
    {
        var local = new AsyncLocal<object>();
        var reference = new WeakReference(null);
        ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
        {
            var payload = new byte[1024];
            reference.Target = payload;
            local.Value = payload;
            queue.AddAfter("a", TimeSpan.FromHours(1));
        }, null);
        return reference;
    }

    private RateLimitingQueue<string> NewQueue(RateLimitingQueueOptions? options = null) =>
        new("test", options ?? new RateLimitingQueueOptions { RetryLimit = null }, _meter, _time);
}
