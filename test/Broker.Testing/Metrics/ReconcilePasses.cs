using System.Collections.Concurrent;
using System.Diagnostics;
using Broker.Runtime.Metrics;

namespace Broker.Testing.Metrics;

/// <summary>
/// A controller's reconcile passes per key since this was made, from its spans (the controller makes one per pass,
/// tagged with the key as text): how often one object was looked at, which is what a test of wake-ups asks.
/// </summary>
public sealed class ReconcilePasses : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _passes = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    public ReconcilePasses(string controller)
    {
        var operation = $"reconcile {controller}";
        _listener = new ActivityListener
        {
            // The name, not BrokerTelemetry.ActivitySource: listeners are asked while that source is made, in its type's initializer.
            ShouldListenTo = source => source.Name == BrokerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == operation && activity.GetTagItem("key") is string key)
                {
                    _passes.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The passes of the key whose text is <paramref name="key"/>.</summary>
    public int Of(string key) => _passes.GetValueOrDefault(key);

    /// <summary>How many distinct keys had a pass.</summary>
    public int Keys => _passes.Count;

    public void Dispose() => _listener.Dispose();
}
