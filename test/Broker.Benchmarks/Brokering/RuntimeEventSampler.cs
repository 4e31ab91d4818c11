using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Broker.Benchmarks.Brokering;

/// <summary>Listens to the runtime's own events of one keyword once <see cref="Start"/> is called, and totals what
/// <see cref="Sample"/> makes of them by name: a profiler-free look inside a run. Until then the runtime sends it
/// nothing: each event costs the process that raises it (the GC keyword alone brings an allocation tick per ~100 KB),
/// and the broker's process, which always has these samplers, is the one whose CPU is measured.</summary>
internal abstract class RuntimeEventSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private EventSource? _runtime;
    private volatile bool _active;

    /// <summary>Starts listening.</summary>
    public void Start()
    {
        _active = true;
        if (_runtime is { } runtime)
        {
            EnableEvents(runtime, EventLevel.Verbose, Keyword);
        }
    }

    /// <summary>Stops listening; the totals stay.</summary>
    public void Stop()
    {
        _active = false;
        if (_runtime is { } runtime)
        {
            DisableEvents(runtime);
        }
    }

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
            _runtime = eventSource; // reported from the base constructor: before Start
            if (_active)
            {
                EnableEvents(eventSource, EventLevel.Verbose, Keyword);
            }
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_active && eventData.Payload is not null)
        {
            Sample(eventData);
        }
    }
}
