using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Broker.Runtime.Queue;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private Meter _meter = null!;
    private WorkQueue<string> _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _meter = new Meter("test.workqueue");
        _queue = new WorkQueue<string>("test", _meter, new FakeClock());
    }

    [TearDown]
    public void TearDown()
    {
        _queue.Dispose();
        _meter.Dispose();
    }

    [Test]
    public async Task Add_SameKeyTwiceWhileWaiting_HandsOutOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        _queue.Count.ShouldBe(2);
        (await _queue.TakeAsync(CancellationToken.None)).ShouldBe("a");
        (await _queue.TakeAsync(CancellationToken.None)).ShouldBe("b");
        _queue.Count.ShouldBe(0);
    }

    [Test]
    public async Task Add_WhileProcessing_HandsOutOnceMoreAfterDone()
    {
        _queue.Add("a");
        var key = await _queue.TakeAsync(CancellationToken.None);

        _queue.Add("a");
        _queue.Add("a");
        _queue.Count.ShouldBe(0);   // held by a worker: not handed out twice

        _queue.Done(key);
        _queue.Count.ShouldBe(1);   // dirtied while held: exactly one more pass
        (await _queue.TakeAsync(CancellationToken.None)).ShouldBe("a");
    }

    [Test]
    public async Task Done_NotAddedAgain_KeyLeavesQueue()
    {
        _queue.Add("a");
        _queue.Done(await _queue.TakeAsync(CancellationToken.None));

        _queue.Count.ShouldBe(0);
        _queue.InFlight.ShouldBe(0);
    }

    [Test]
    public void Done_KeyNotHeld_Throws()
    {
        _queue.Add("a");

        Should.Throw<InvalidOperationException>(() => _queue.Done("a")).Message.ShouldContain("a");
    }

    [Test]
    public async Task TakeAsync_Cancelled_ThrowsAndKeepsKeys()
    {
        using var cts = new CancellationTokenSource();
        var take = _queue.TakeAsync(cts.Token);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(take);
        _queue.Add("a");
        (await _queue.TakeAsync(CancellationToken.None)).ShouldBe("a");
    }

    [Test]
    public async Task Keys_FairOrder_FirstAddedFirstOut()
    {
        foreach (var k in new[] { "c", "a", "b" })
        {
            _queue.Add(k);
        }

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            order.Add(await _queue.TakeAsync(CancellationToken.None));
        }

        order.ShouldBe(["c", "a", "b"]);
    }

    [Test]
    public async Task Concurrency_ManyProducersAndWorkers_NoKeyHeldTwiceAndLastAddAlwaysProcessed()
    {
        const int keys = 20;
        var held = new ConcurrentDictionary<int, int>();
        var lastAdded = new long[keys];
        var lastStarted = new long[keys];
        var violations = 0;
        var sequence = 0L;
        using var queue = new WorkQueue<int>("concurrency", _meter, TimeProvider.System);
        using var cts = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                int key;
                try
                {
                    key = await queue.TakeAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!held.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref violations);
                }

                Volatile.Write(ref lastStarted[key], Interlocked.Increment(ref sequence));
                await Task.Yield();
                held.TryRemove(key, out _);
                queue.Done(key);
            }
        })).ToList();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var key = (i * 7 + p) % keys;
                Volatile.Write(ref lastAdded[key], Interlocked.Increment(ref sequence));
                queue.Add(key);
            }
        })).ToList();
        await Task.WhenAll(producers);

        // Every key added must be started again after its last add.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((queue.Count > 0 || queue.InFlight > 0 || Enumerable.Range(0, keys).Any(k => Volatile.Read(ref lastStarted[k]) < Volatile.Read(ref lastAdded[k])))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        await cts.CancelAsync();
        await Task.WhenAll(workers);

        violations.ShouldBe(0);
        for (var k = 0; k < keys; k++)
        {
            lastStarted[k].ShouldBeGreaterThan(lastAdded[k], $"key {k} was added after its last pass started but never processed again");
        }
    }
}
