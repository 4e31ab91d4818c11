using System.Diagnostics.Metrics;
using Broker.Core.Api.V1Alpha1;

namespace Broker.Controllers.Migrations;

/// <summary>
/// The migration figures the broker's documentation names: Migrations in flight by state (counted from the records at
/// each scrape) and finished ones by result. One per broker process, attached while the controllers run.
/// </summary>
public sealed class MigrationMetrics
{
    private static readonly string[] ActiveStates =
        [MigrationStates.Pending, MigrationStates.InitialInProgress, MigrationStates.InitialCompleted, MigrationStates.CutoverInProgress];

    private readonly Counter<long> _finished;
    private volatile MigrationRecords? _records;

    public MigrationMetrics(Meter meter)
    {
        meter.CreateObservableGauge("resource_broker_migrations_active", Observe, "{migration}", "Migrations in flight, by state");
        _finished = meter.CreateCounter<long>("resource_broker_migrations", "{migration}", "Migrations finished, by state (Completed, Failed)");
    }

    /// <summary>Counts <paramref name="records"/> until the returned handle is disposed.</summary>
    public IDisposable Attach(MigrationRecords records)
    {
        _records = records;
        return new Detach(() => Interlocked.CompareExchange(ref _records, null, records));
    }

    public void Completed() => _finished.Add(1, new KeyValuePair<string, object?>("state", "Completed"));

    public void Failed() => _finished.Add(1, new KeyValuePair<string, object?>("state", "Failed"));

    private IEnumerable<Measurement<long>> Observe()
    {
        if (_records is not { } records)
        {
            return [];
        }

        var counts = records.All().GroupBy(m => m.Status?.State is { Length: > 0 } s ? s : MigrationStates.Pending, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
        return ActiveStates.Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s)));
    }

    private sealed class Detach(Action detach) : IDisposable
    {
        public void Dispose() => detach();
    }
}
