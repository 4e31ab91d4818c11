using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Broker.Kcp.Http;
using Broker.Runtime.Controllers;
using Broker.Runtime.Queue;
using Broker.Testing.Logging;
using Broker.Testing.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.Controllers;

public sealed class ControllerTests
{
    private Meter _meter = null!;
    private FakeClock _time = null!;
    private RateLimitingQueue<string> _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _meter = new Meter("test.controller");
        _time = new FakeClock();
        _queue = new RateLimitingQueue<string>(
            "test", new RateLimitingQueueOptions { BackoffBase = TimeSpan.FromSeconds(1), RetryLimit = null }, _meter, _time);
    }

    [TearDown]
    public void TearDown()
    {
        _queue.Dispose();
        _meter.Dispose();
    }

    [Test]
    public async Task ProcessAsync_ReconcilerThrows_RetriedWithBackoffThenForgotten()
    {
        var attempts = 0;
        var controller = NewController((_, _) => ++attempts < 3 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done));

        _queue.Add("a");
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        _queue.Count.ShouldBe(0);
        _queue.Failures("a").ShouldBe(1);

        _time.Advance(TimeSpan.FromSeconds(1));
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Count.ShouldBe(0); // second failure waits 2 s
        _time.Advance(TimeSpan.FromSeconds(1));
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);

        attempts.ShouldBe(3);
        _queue.Failures("a").ShouldBe(0);
        (_queue.Count + _queue.DelayedCount + _queue.InFlight).ShouldBe(0);
    }

    [Test]
    public async Task ProcessAsync_Conflicts_RetriedQuietlyUntilTheyKeepHappening()
    {
        var logger = new RecordingLogger();
        var controller = new Controller<string>("test", _queue, new ReconcilerFunc<string>((_, _) => throw new ConflictException()), new ControllerOptions(), logger);

        _queue.Add("a");
        for (var pass = 1; pass <= Controller<string>.QuietConflicts + 1; pass++)
        {
            await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);
            _queue.Failures("a").ShouldBe(pass); // each one backs off like any failure
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        logger.At(LogLevel.Debug).Count.ShouldBe(Controller<string>.QuietConflicts);
        logger.At(LogLevel.Debug).ShouldAllBe(m => m.Contains("stale read", StringComparison.Ordinal));
        logger.At(LogLevel.Error).ShouldHaveSingleItem().ShouldContain("failed (4 in a row)");
    }

    [Test]
    public async Task ProcessAsync_Conflict_RetriedAfterItsBackoff_EvenWithRetriesOverTheirOverallLimit()
    {
        using var queue = new RateLimitingQueue<string>(
            "limited", new RateLimitingQueueOptions { BackoffBase = TimeSpan.FromMilliseconds(1), RetryLimit = new TokenBucketLimit(PerSecond: 1, Burst: 1) }, _meter, _time);
        var controller = new Controller<string>("test", queue, new ReconcilerFunc<string>((_, _) => throw new ConflictException()), new ControllerOptions(), new RecordingLogger());
        queue.AddRateLimited("x");
        queue.AddRateLimited("y"); // the limit is spent: y waits a second

        queue.Add("a");
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(2));

        queue.Count.ShouldBe(2, "x and the conflicted a, not y");
    }

    [Test]
    public async Task ProcessAsync_RequeueAfter_AddsKeyAfterDelay()
    {
        var controller = NewController((_, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromMinutes(1))));

        _queue.Add("a");
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);

        _queue.DelayedCount.ShouldBe(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _queue.Count.ShouldBe(1);
        _queue.Failures("a").ShouldBe(0);
    }

    [Test]
    public async Task ProcessAsync_LaterPassSucceeds_ItsResultReplacesTheEarlierRequeue()
    {
        var passes = 0;
        var controller = NewController((_, _) => Task.FromResult(++passes == 1 ? ReconcileResult.After(TimeSpan.FromSeconds(1)) : ReconcileResult.Done));

        _queue.Add("a");
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None); // waits 1 s for something
        _queue.Add("a"); // the event it waited for
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None); // done

        _time.Advance(TimeSpan.FromSeconds(2));
        (_queue.Count + _queue.DelayedCount).ShouldBe(0); // no extra pass from the first wait
        passes.ShouldBe(2);
    }

    [Test]
    public async Task ProcessAsync_CancelledDuringShutdown_NoRetry()
    {
        using var cts = new CancellationTokenSource();
        var controller = NewController(async (_, ct) =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return ReconcileResult.Done;
        });

        _queue.Add("a");
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), cts.Token);

        _queue.Failures("a").ShouldBe(0);
        _queue.InFlight.ShouldBe(0);
    }

    [Test]
    public async Task RunAsync_FourWorkers_ReconcilesKeysInParallelNeverSameKeyTwice()
    {
        var running = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var maxParallel = 0;
        var overlaps = 0;
        var done = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var controller = new Controller<string>(
            "parallel", _queue, new ReconcilerFunc<string>(async (key, ct) =>
            {
                if (!running.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                InterlockedMax(ref maxParallel, running.Count);
                await Task.Delay(20, ct);
                running.TryRemove(key, out _);
                done.AddOrUpdate(key, 1, (_, n) => n + 1);
                return ReconcileResult.Done;
            }),
            new ControllerOptions { Workers = 4 }, NullLogger.Instance);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);

        for (var round = 0; round < 3; round++)
        {
            foreach (var k in Enumerable.Range(0, 8).Select(i => $"k{i}"))
            {
                _queue.Add(k);
            }

            await Task.Delay(10);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((_queue.Count > 0 || _queue.InFlight > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        overlaps.ShouldBe(0);
        maxParallel.ShouldBeInRange(2, 4);
        done.Keys.Count.ShouldBe(8);
    }

    [Test]
    public async Task RunAsync_NoWorkers_Throws()
    {
        var controller = new Controller<string>(
            "none", _queue, new ReconcilerFunc<string>((_, _) => Task.FromResult(ReconcileResult.Done)),
            new ControllerOptions { Workers = 0 }, NullLogger.Instance);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(controller.RunAsync(CancellationToken.None));
    }

    [Test]
    public async Task ProcessAsync_Forbidden_ReportedLoggedOnceCountedRetriedWithin30sAndClearedOnSuccess()
    {
        using var queue = new RateLimitingQueue<string>("test", new RateLimitingQueueOptions { BackoffBase = TimeSpan.FromMinutes(2), RetryLimit = null }, _meter, _time);
        var logger = new RecordingLogger();
        var refusal = new Refusal("create", "secrets", "root:platform", "secrets is forbidden: access denied");
        var reported = new ConcurrentQueue<(string, Refusal)>();
        var attempts = 0;
        var controller = new Controller<string>(
            "test", queue, new ReconcilerFunc<string>((_, _) => ++attempts <= 2 ? throw new ForbiddenException(refusal.Message) { Refusal = refusal } : Task.FromResult(ReconcileResult.Done)),
            new ControllerOptions(), logger, (key, r, _) => { reported.Enqueue((key, r)); return Task.CompletedTask; });
        using var figures = new Figures(_meter);

        queue.Add("a");
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        figures.Sum("resource_broker_forbidden_keys").ShouldBe(1);
        _time.Advance(Controller<string>.RefusedRetry); // not the 2-minute backoff
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        figures.Sum("resource_broker_forbidden").ShouldBe(2);
        figures.Sum("resource_broker_forbidden_keys").ShouldBe(1); // one key, refused twice
        _time.Advance(Controller<string>.RefusedRetry);
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);

        reported.ShouldBe([("a", refusal), ("a", refusal)]);
        figures.Sum("resource_broker_forbidden_keys").ShouldBe(0);
        figures.Labels.ShouldContain("verb=create,resource=secrets");
        logger.At(LogLevel.Error).ShouldHaveSingleItem().ShouldContain("refused: missing permission: create secrets in root:platform (kcp: secrets is forbidden: access denied)");
        logger.At(LogLevel.Information).ShouldContain(m => m.Contains("succeeds again after kcp refused it create secrets in root:platform", StringComparison.Ordinal));
        (queue.Count + queue.DelayedCount).ShouldBe(0);
    }

    [Test]
    public async Task ProcessAsync_ForbiddenAndTheReportFails_LoggedAndStillRetried()
    {
        var logger = new RecordingLogger();
        var refusal = new Refusal("get", "secrets", "root", "no");
        var controller = new Controller<string>(
            "test", _queue, new ReconcilerFunc<string>((_, _) => throw new ForbiddenException("no") { Refusal = refusal }),
            new ControllerOptions(), logger, (_, _, _) => throw new ForbiddenException("the status write is refused too"));

        _queue.Add("a");
        await controller.ProcessAsync(await _queue.TakeAsync(CancellationToken.None), CancellationToken.None);

        logger.At(LogLevel.Warning).ShouldHaveSingleItem().ShouldContain("Could not report the refusal of a in test on the object: 403 Forbidden: the status write is refused too");
        _queue.DelayedCount.ShouldBe(1);
    }

    [Test]
    public async Task RunAsync_Stopped_RefusedKeysLeaveTheGauge()
    {
        var refusal = new Refusal("get", "secrets", "root", "no");
        var controller = new Controller<string>(
            "test", _queue, new ReconcilerFunc<string>((_, _) => throw new ForbiddenException("no") { Refusal = refusal }), new ControllerOptions { Workers = 1 }, NullLogger.Instance);
        using var figures = new Figures(_meter);
        using var stop = new CancellationTokenSource();
        _queue.Add("a");
        var running = controller.RunAsync(stop.Token);
        await Broker.Testing.Eventually.UntilAsync("the refusal counted", () => figures.Sum("resource_broker_forbidden_keys") == 1);

        await stop.CancelAsync();
        await running;

        figures.Sum("resource_broker_forbidden_keys").ShouldBe(0);
    }

    /// <summary>Sums of the long instruments of one meter by name, and the verb/resource labels seen.</summary>
    private sealed class Figures : IDisposable
    {
        private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _labels = new(StringComparer.Ordinal);
        private readonly MeterListener _listener = new();

        public Figures(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                var t = tags.ToArray().ToDictionary(p => p.Key, p => p.Value as string, StringComparer.Ordinal);
                if (t.TryGetValue("verb", out var verb) && t.TryGetValue("resource", out var resource))
                {
                    _labels.TryAdd($"verb={verb},resource={resource}", 0);
                }
            });
            _listener.Start();
        }

        public IEnumerable<string> Labels => _labels.Keys;

        public long Sum(string name) => _sums.GetValueOrDefault(name);

        public void Dispose() => _listener.Dispose();
    }

    private Controller<string> NewController(Func<string, CancellationToken, Task<ReconcileResult>> reconcile) =>
        new("test", _queue, new ReconcilerFunc<string>(reconcile), new ControllerOptions(), NullLogger.Instance);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
