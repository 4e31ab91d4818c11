using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Broker.Runtime.Tests.Events;

/// <summary>Sums the recorder's counters of one meter: written, aggregated and dropped by reason.</summary>
internal sealed class EventCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public EventCounters(Meter meter)
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
            var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value as string;
            _totals.AddOrUpdate(reason is null ? instrument.Name : $"{instrument.Name}/{reason}", value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Written => Get("resource_broker_events_written");

    public long Aggregated => Get("resource_broker_events_aggregated");

    /// <summary>Every occurrence ends in exactly one counter, so this equals the number of Record calls once all are handled.</summary>
    public long Outcomes => _totals.Values.Sum();

    public long Dropped(string reason) => Get($"resource_broker_events_dropped/{reason}");

    public override string ToString() => string.Join(", ", _totals.Where(t => t.Value != 0).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    public void Dispose() => _listener.Dispose();

    private long Get(string name) => _totals.GetValueOrDefault(name);
}
