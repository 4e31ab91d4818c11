using System.Diagnostics.Metrics;
using Broker.Kcp.Http;

namespace Broker.Controllers.Hosting;

/// <summary>
/// The broker's cost on kcp as an operator sees it: open watch streams by resource (<c>resource_broker_watches</c>,
/// which stays flat as consumer workspaces are added), those kcp refuses (<c>resource_broker_watches_refused</c>) and how long requests waited for the client-side rate limit
/// (<c>resource_broker_client_rate_limiter_wait_seconds</c>, client-go's <c>rest_client_rate_limiter_duration_seconds</c>).
/// The client is attached while the controllers run; a meter cannot drop its instruments.
/// </summary>
public sealed class ClientMetrics
{
    // client-go's buckets for the same histogram.
    private static readonly double[] WaitBuckets = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

    private readonly Histogram<double> _wait;
    private volatile KcpClientTelemetry? _telemetry;

    public ClientMetrics(Meter meter)
    {
        meter.CreateObservableGauge("resource_broker_watches", Observe, "{watch}", "Watch streams open against kcp, by resource");
        meter.CreateObservableGauge("resource_broker_watches_refused", ObserveRefused, "{informer}",
            "Informers whose list or watch kcp refuses (403: a permission the broker lacks, e.g. a provider that has not granted apiexports/content), by resource");
        _wait = meter.CreateHistogram("resource_broker_client_rate_limiter_wait", "s",
            "How long a request to kcp waited for the client-side rate limit (--kube-api-qps, --kube-api-burst)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
    }

    /// <summary>Reports <paramref name="telemetry"/> until the returned handle is disposed.</summary>
    public IDisposable Attach(KcpClientTelemetry telemetry)
    {
        _telemetry = telemetry;
        return new Detach(this, telemetry, telemetry.ObserveRateLimiterWaits(wait => _wait.Record(wait.TotalSeconds)));
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _telemetry?.OpenWatches.Select(w => new Measurement<int>(w.Value, new KeyValuePair<string, object?>("resource", w.Key))) ?? [];

    private IEnumerable<Measurement<int>> ObserveRefused() =>
        _telemetry?.RefusedWatches.Select(w => new Measurement<int>(w.Value, new KeyValuePair<string, object?>("resource", w.Key))) ?? [];

    private sealed class Detach(ClientMetrics metrics, KcpClientTelemetry telemetry, IDisposable waits) : IDisposable
    {
        public void Dispose()
        {
            waits.Dispose();
            if (ReferenceEquals(metrics._telemetry, telemetry))
            {
                metrics._telemetry = null;
            }
        }
    }
}
