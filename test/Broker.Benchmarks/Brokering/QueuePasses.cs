using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Broker.Benchmarks.Brokering;

/// <summary>The reconcile passes of each of the broker's work queues in this process and their wall time (one measurement
/// of <c>resource_broker_workqueue_processing_duration</c> per pass, tagged with its queue), so CPU can be judged per pass
/// as well as per object: how many passes an object takes depends on how many of its events are merged in a queue. Given
/// another histogram and tag, it counts those instead (e.g. the HTTP requests by method: <see cref="Requests"/>).</summary>
internal sealed class QueuePasses : IDisposable
{
    private readonly ConcurrentDictionary<string, (long Count, double Seconds)> _passes = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public QueuePasses(string histogram = "resource_broker_workqueue_processing_duration", string tag = "queue")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == histogram)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        var tagName = tag;
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == tagName && tag.Value is string queue)
                {
                    _passes.AddOrUpdate(queue, (1, seconds), (_, p) => (p.Count + 1, p.Seconds + seconds));
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The HTTP requests of this process's clients by method (a watch counted when it ends).</summary>
    public static QueuePasses Requests() => new("http.client.request.duration", "http.request.method");

    /// <summary>The passes of <paramref name="queue"/> so far and their wall time in seconds.</summary>
    public (long Count, double Seconds) Of(string queue) => _passes.GetValueOrDefault(queue);

    /// <summary>The passes so far as <c>queue=count</c> pairs, comma-separated (the broker process's answer to <c>passes</c>).</summary>
    public string Answer() =>
        string.Join(',', _passes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value.Count}")));

    /// <summary>Parses <see cref="Answer"/>.</summary>
    public static Dictionary<string, long> Parse(string? answer) =>
        (answer ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
