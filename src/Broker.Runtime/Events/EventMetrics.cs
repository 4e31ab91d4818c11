using System.Diagnostics.Metrics;

namespace Broker.Runtime.Events;

/// <summary>Event recorder instruments. Every recorded occurrence ends up in exactly one of them:
/// recorded = written + aggregated + dropped.</summary>
internal sealed class EventMetrics
{
    public const string Overflow = "overflow";
    public const string RateLimited = "rate-limited";
    public const string WriteFailed = "write-failed";
    public const string Invalid = "invalid";
    public const string Shutdown = "shutdown";

    private readonly Counter<long> _written;
    private readonly Counter<long> _aggregated;
    private readonly Counter<long> _dropped;

    public EventMetrics(Meter meter)
    {
        _written = meter.CreateCounter<long>("resource_broker_events_written", "{event}", "Events created in a workspace");
        _aggregated = meter.CreateCounter<long>("resource_broker_events_aggregated", "{event}", "Occurrences counted on an existing Event (count + 1)");
        _dropped = meter.CreateCounter<long>("resource_broker_events_dropped", "{event}", "Occurrences not written, by reason");

        // Start every series at zero so dashboards show 0, not "no data".
        _written.Add(0);
        _aggregated.Add(0);
        foreach (var reason in (string[])[Overflow, RateLimited, WriteFailed, Invalid, Shutdown])
        {
            _dropped.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Written() => _written.Add(1);

    public void Aggregated() => _aggregated.Add(1);

    public void Dropped(string reason, int count = 1) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
}
