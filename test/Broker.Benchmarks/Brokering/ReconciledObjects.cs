using Broker.Testing.Metrics;

namespace Broker.Benchmarks.Brokering;

/// <summary>The distinct objects the placement controller reconciled since <see cref="Start"/>, from its spans. Listens
/// only once started, so the runs that do not ask pay nothing for it.</summary>
internal sealed class ReconciledObjects : IDisposable
{
    private ReconcilePasses? _passes;

    public int Count => _passes?.Keys ?? 0;

    public string Start()
    {
        _passes?.Dispose();
        _passes = new ReconcilePasses("placements");
        return "ok";
    }

    public void Dispose() => _passes?.Dispose();
}
