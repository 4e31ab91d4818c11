using System.Diagnostics.Metrics;
using Broker.Runtime.Queue;
using Broker.Testing.Time;

namespace Broker.Runtime.Tests.Queue;

public sealed class WorkQueueMetricsTests
{
    [Test]
    public async Task Instruments_AddTakeRetryDone_RecordDepthAddsRetriesAndProcessingTime()
    {
        using var meter = new Meter("test.metrics");
        var time = new FakeClock();
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        var durations = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            tags.ToArray().ShouldContain(new KeyValuePair<string, object?>("queue", "orders"));
            totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
        });
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        listener.Start();

        using var queue = new RateLimitingQueue<string>("orders", new RateLimitingQueueOptions { RetryLimit = null }, meter, time);
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        totals["resource_broker_workqueue_depth"].ShouldBe(2);
        totals["resource_broker_workqueue_adds"].ShouldBe(2);

        var key = await queue.TakeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(250));
        queue.AddRateLimited(key);
        queue.Done(key);

        totals["resource_broker_workqueue_depth"].ShouldBe(1);
        totals["resource_broker_workqueue_retries"].ShouldBe(1);
        durations.ShouldBe([0.25]);
    }
}
