using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Broker.Benchmarks.Brokering;

/// <summary>Listens to the runtime's own events of one keyword while <see cref="Active"/> is set, and totals what
/// <see cref="Sample"/> makes of them by name: a profiler-free look inside a run.</summary>
internal abstract class RuntimeEventSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public volatile bool Active;

    /// <summary>The largest totals, largest first.</summary>
    public IReadOnlyList<(string Name, long Total)> Top(int count) =>
        [.. _totals.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value))];

    /// <summary>The runtime keyword to listen to (GC 0x1, JIT 0x10, ...).</summary>
    protected abstract EventKeywords Keyword { get; }

    /// <summary>Adds to the totals for one event (the payload is present).</summary>
    protected abstract void Sample(EventWrittenEventArgs e);

    protected void Add(string name, long amount) => _totals.AddOrUpdate(name, amount, (_, total) => total + amount);

    protected static object? Field(EventWrittenEventArgs e, string name) =>
        e.PayloadNames?.IndexOf(name) is { } i and >= 0 ? e.Payload![i] : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, Keyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (Active && eventData.Payload is not null)
        {
            Sample(eventData);
        }
    }
}
