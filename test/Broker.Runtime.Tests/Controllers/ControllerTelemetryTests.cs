using System.Collections.Concurrent;
using System.Diagnostics;
using Broker.Runtime.Controllers;
using Broker.Runtime.Metrics;
using Broker.Runtime.Queue;
using Broker.Testing.Metrics;
using Broker.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.Controllers;

/// <summary>Each reconcile pass is timed, counted when it fails, and traced, under the controller's name, as a scrape
/// of /metrics and an activity listener see them.</summary>
public sealed class ControllerTelemetryTests
{
    [Test]
    public async Task ProcessAsync_PassesAndFailures_ReportedPerController()
    {
        await using var metrics = await ScrapedMeter.StartAsync();
        var time = new FakeClock();
        using var queue = new RateLimitingQueue<string>("widgets", new RateLimitingQueueOptions { RetryLimit = null }, metrics.Meter, time);
        var name = $"widgets-{Guid.NewGuid():N}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(name, spans);
        var attempts = 0;
        var controller = new Controller<string>(name, queue, new ReconcilerFunc<string>((_, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(300)); // a pass of 0.3 s, by the queue's clock
            return ++attempts == 1 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done);
        }), new ControllerOptions(), NullLogger.Instance);

        queue.Add("a");
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await controller.ProcessAsync(await queue.TakeAsync(CancellationToken.None), CancellationToken.None);

        var scrape = await metrics.ScrapeAsync();
        scrape.Families["resource_broker_reconcile_errors_total"].Type.ShouldBe("counter");
        scrape.Value("resource_broker_reconcile_errors_total", ("controller", name)).ShouldBe(1);
        scrape.Families["resource_broker_reconcile_duration_seconds"].Type.ShouldBe("histogram");
        scrape.Value("resource_broker_reconcile_duration_seconds_count", ("controller", name)).ShouldBe(2);
        scrape.Value("resource_broker_reconcile_duration_seconds_sum", ("controller", name)).ShouldNotBeNull().ShouldBe(0.6, tolerance: 1e-9);
        scrape.Value("resource_broker_reconcile_duration_seconds_bucket", ("controller", name), ("le", "0.25")).ShouldBe(0);
        scrape.Value("resource_broker_reconcile_duration_seconds_bucket", ("controller", name), ("le", "0.5")).ShouldBe(2);

        spans.Select(s => s.DisplayName).ShouldBe([$"reconcile {name}", $"reconcile {name}"]);
        spans.Select(s => s.Status).ShouldBe([ActivityStatusCode.Error, ActivityStatusCode.Unset]);
        spans.First().GetTagItem("key").ShouldBe("a");
    }

    [Test]
    public async Task NewController_BeforeAnyPass_ReportsZeroErrors()
    {
        await using var metrics = await ScrapedMeter.StartAsync();
        using var queue = new RateLimitingQueue<string>("idle", new RateLimitingQueueOptions(), metrics.Meter, TimeProvider.System);

        _ = new Controller<string>("idle", queue, new ReconcilerFunc<string>((_, _) => Task.FromResult(ReconcileResult.Done)), new ControllerOptions(), NullLogger.Instance);

        (await metrics.ScrapeAsync()).Value("resource_broker_reconcile_errors_total", ("controller", "idle")).ShouldBe(0); // an alert's rate has data from the start
    }

    private static ActivityListener Listen(string controller, ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BrokerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName == $"reconcile {controller}")
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
