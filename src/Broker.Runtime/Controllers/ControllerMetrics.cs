using System.Diagnostics.Metrics;

namespace Broker.Runtime.Controllers;

/// <summary>Per-controller reconcile figures, as controller-runtime keeps them: how long each pass takes and how many
/// failed, labelled <c>controller</c> so the controllers of one broker share the instruments.</summary>
internal sealed class ControllerMetrics
{
    // controller-runtime's reconcile_time_seconds buckets, cut at a minute: a pass is a few reads and writes.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly KeyValuePair<string, object?> _controller;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    public ControllerMetrics(Meter meter, string controller)
    {
        _controller = new("controller", controller);
        _duration = meter.CreateHistogram("resource_broker_reconcile_duration", "s", "Time of one reconcile pass, by controller",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _errors = meter.CreateCounter<long>("resource_broker_reconcile_errors", null, "Reconcile passes that failed and were retried with backoff, by controller");
        _errors.Add(0, _controller); // a series from the start, so an alert on its rate has data
    }

    public void Reconciled(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, _controller);

    public void Failed() => _errors.Add(1, _controller);
}
