using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Placement;

/// <summary>
/// The brokering figures a platform team watches: objects by resource, provider and phase (the counts of the
/// Placement cache's <see cref="ByPhase"/> index, kept as Placements change, so a scrape reads no Placement), how long a new object takes until it is placed, and moves by result.
/// One per broker process: a meter cannot drop an instrument, so the records it counts are attached while
/// the controllers run (and nothing is reported while they do not, as on a standby).
/// </summary>
public sealed class PlacementMetrics
{
    // From a copy created at once to a provider that takes minutes, and objects waiting for a provider to accept them.
    /// <summary>Placements by the gauge's labels, "resource|provider|phase", read from their JSON as they are cached; counts only.</summary>
    public static readonly CacheIndex ByPhase = CacheIndex.Counted("metrics-phase", placement =>
    {
        var spec = KubeElement.Property(placement, "spec") ?? default;
        var resource = $"{KubeElement.String(spec, "consumer", "gvr", "resource")}.{KubeElement.String(spec, "consumer", "gvr", "group")}".TrimEnd('.');
        var provider = KubeElement.Property(spec, "provider") is { } p ? KubeElement.String(p, "path") ?? KubeElement.String(p, "cluster") ?? "" : "";
        var phase = KubeElement.String(placement, "status", "phase") is { Length: > 0 } known ? known : "Pending";
        return [$"{resource}{Separator}{provider}{Separator}{phase}"];
    });

    private const char Separator = '|'; // in none of a resource, a workspace path or a phase

    private static readonly double[] PlacementBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Histogram<double> _placed;
    private readonly Counter<long> _moves;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<BrokeredKey, long> _newSince = new();
    private volatile PlacementRecords? _records;

    public PlacementMetrics(Meter meter, TimeProvider time)
    {
        _time = time;
        meter.CreateObservableGauge("resource_broker_placements", Observe, "{object}",
            "Brokered objects by resource, provider and phase (Pending, Placed, Migrating, Deleting), from the Placement records");
        _placed = meter.CreateHistogram("resource_broker_placement_duration", "s",
            "From the first pass that found a new object (no Placement record) to its first Placed=True status: its copy created at the chosen provider",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PlacementBuckets });
        _moves = meter.CreateCounter<long>("resource_broker_moves", "{move}", "Moves between providers, by result (started, completed, abandoned)");
    }

    /// <summary>Counts <paramref name="records"/> until the returned handle is disposed.</summary>
    public IDisposable Attach(PlacementRecords records)
    {
        _records = records;
        return new Detach(this, records);
    }

    /// <summary>A pass found no Placement record for the object: the clock starts (once).</summary>
    public void New(BrokeredKey key) => _newSince.TryAdd(key, _time.GetTimestamp());

    /// <summary>The object's status now says Placed=True: records the time since <see cref="New"/>, if this process saw it new.</summary>
    public void Placed(BrokeredKey key, ProviderReference provider)
    {
        if (_newSince.TryRemove(key, out var since))
        {
            _placed.Record(_time.GetElapsedTime(since).TotalSeconds, ResourceTag(key), new("provider", Describe(provider)));
        }
    }

    /// <summary>The object was placed before (a pass behind the cache started a clock) or is gone: no figure.</summary>
    public void Forget(BrokeredKey key) => _newSince.TryRemove(key, out _);

    public void MoveStarted(ProviderReference from, ProviderReference to) => Move("started", from, to);

    public void MoveCompleted(ProviderReference from, ProviderReference to) => Move("completed", from, to);

    public void MoveAbandoned(ProviderReference from, ProviderReference to) => Move("abandoned", from, to);

    private void Move(string result, ProviderReference from, ProviderReference to) =>
        _moves.Add(1, new("result", result), new("from", Describe(from)), new("to", Describe(to)));

    private IEnumerable<Measurement<long>> Observe() =>
        _records?.Cache.Snapshot.IndexCounts(ByPhase.Name)
            .Select(c => (Labels: c.Value.Split(Separator), c.Count))
            .Select(c => new Measurement<long>(c.Count, new("resource", c.Labels[0]), new("provider", c.Labels[1]), new("phase", c.Labels[2])))
        ?? [];

    private static KeyValuePair<string, object?> ResourceTag(BrokeredKey key) => new("resource", $"{key.Resource.Resource}.{key.Resource.Group}".TrimEnd('.'));

    private static string Describe(ProviderReference provider) => provider.Path ?? provider.Cluster;

    private sealed class Detach(PlacementMetrics metrics, PlacementRecords records) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(metrics._records, records))
            {
                metrics._records = null;
            }

            metrics._newSince.Clear(); // the next controllers start from the records, and so do their clocks
        }
    }
}
