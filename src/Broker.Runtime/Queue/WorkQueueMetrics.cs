using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Broker.Runtime.Queue;

/// <summary>Work-queue instruments, tagged with the queue name so several controllers share one meter.</summary>
internal sealed class WorkQueueMetrics
{
    public const string MeterName = "Broker.Runtime.WorkQueue";

    // Prometheus's default latency buckets: OpenTelemetry's defaults are milliseconds, for a histogram in seconds.
    private static readonly double[] ProcessingBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly KeyValuePair<string, object?> _name;
    private readonly UpDownCounter<long> _depth;
    private readonly Counter<long> _adds;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _processing;

    public WorkQueueMetrics(Meter meter, string queueName)
    {
        _name = new("queue", queueName);
        _depth = meter.CreateUpDownCounter<long>("resource_broker_workqueue_depth", "{key}", "Keys waiting to be handed to a worker");
        _adds = meter.CreateCounter<long>("resource_broker_workqueue_adds", "{key}", "Keys added that were not already waiting");
        _retries = meter.CreateCounter<long>("resource_broker_workqueue_retries", "{key}", "Keys re-added with per-key backoff after a failure");
        _processing = meter.CreateHistogram("resource_broker_workqueue_processing_duration", "s", "Time from hand-out to Done",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProcessingBuckets });

        // Start every series at zero so dashboards show 0, not "no data".
        _depth.Add(0, _name);
        _adds.Add(0, _name);
        _retries.Add(0, _name);
    }

    public void Enqueued() => _depth.Add(1, _name);

    public void Dequeued() => _depth.Add(-1, _name);

    public void Added() => _adds.Add(1, _name);

    public void Retried() => _retries.Add(1, _name);

    public void Processed(TimeSpan elapsed) => _processing.Record(elapsed.TotalSeconds, new TagList { _name });
}
