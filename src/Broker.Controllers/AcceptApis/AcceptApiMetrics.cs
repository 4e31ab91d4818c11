using System.Diagnostics.Metrics;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// The figures of routing a platform team alerts on: whether each AcceptAPI is Available (as its condition says), and
/// how long a routing decision takes, by the provider chosen. One per broker process, like its meter: the registry
/// of the running controllers attaches, so nothing is reported on a standby.
/// </summary>
public sealed class AcceptApiMetrics
{
    // A decision is an index lookup and a few filter checks: microseconds, and a slow CEL filter shows as milliseconds.
    private static readonly double[] RoutingBuckets = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1];

    private readonly Histogram<double> _routing;
    private volatile AcceptApiRegistry? _registry;

    public AcceptApiMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("resource_broker_acceptapi_available", Observe, null,
            "1 while the AcceptAPI's Available condition is True, else 0; workspace is the provider workspace path");
        _routing = meter.CreateHistogram("resource_broker_routing_duration", "s",
            "Time of one routing decision, by the provider chosen (empty when none accepts the object)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RoutingBuckets });
    }

    /// <summary>Reports the AcceptAPIs of <paramref name="registry"/> from now on (the newest registry wins).</summary>
    internal void Attach(AcceptApiRegistry registry) => _registry = registry;

    internal void Routed(TimeSpan elapsed, string provider) => _routing.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    private IEnumerable<Measurement<int>> Observe() =>
        _registry?.Availability().Select(a => new Measurement<int>(
            a.Available ? 1 : 0, new("name", a.Key.Name), new("namespace", a.Key.Namespace), new("workspace", a.Workspace)))
        ?? [];
}
