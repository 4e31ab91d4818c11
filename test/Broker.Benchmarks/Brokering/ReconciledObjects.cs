using System.Collections.Concurrent;
using System.Diagnostics;
using Broker.Runtime.Metrics;

namespace Broker.Benchmarks.Brokering;

/// <summary>The distinct objects the placement controller reconciled since <see cref="Start"/>, from its spans (one per pass,
/// tagged with the key). Listens only once started, so the runs that do not ask pay nothing for it.</summary>
internal sealed class ReconciledObjects : IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private ActivityListener? _listener;

    public int Count => _keys.Count;

    public string Start()
    {
        _keys.Clear();
        _listener ??= new ActivityListener
        {
            // The name, not BrokerTelemetry.ActivitySource: listeners are asked while that source is made, in its type's initializer.
            ShouldListenTo = source => source.Name == BrokerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "reconcile placements" && activity.GetTagItem("key") is string key)
                {
                    _keys.TryAdd(key, 0);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        return "ok";
    }

    public void Dispose() => _listener?.Dispose();
}
