using BenchmarkDotNet.Attributes;

namespace Broker.Benchmarks.Client;

/// <summary>Initial sync of 10,000 widgets in 1,000 workspaces through one virtual-workspace endpoint (issue 4).
/// Targets: under 3 s; cache memory at most 1.5x the objects' JSON size (printed once in the setup log).
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*InitialSync*' --buildTimeout 600</summary>
[MemoryDiagnoser]
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class InitialSyncBenchmark
{
    private InitialSyncScenario _scenario = null!;

    [Params(1_000)]
    public int Workspaces { get; set; }

    [Params(10)]
    public int ObjectsPerWorkspace { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _scenario = await InitialSyncScenario.StartAsync(Workspaces, ObjectsPerWorkspace, CancellationToken.None);
        foreach (var withIndex in new[] { false, true })
        {
            var (retained, json) = await _scenario.MeasureCacheMemoryAsync(withIndex, CancellationToken.None);
            Console.WriteLine($"// cache{(withIndex ? " + label index" : "")}: {_scenario.Objects} objects, JSON {json / 1024.0 / 1024:0.00} MiB, " +
                $"retained {retained / 1024.0 / 1024:0.00} MiB, ratio {(double)retained / json:0.00}x (target <= 1.5x)");
        }
    }

    [Benchmark(Description = "initial sync (LIST through VW wildcard into ObjectStore)")]
    public async Task<int> InitialSync()
    {
        var (_, store) = await _scenario.SyncAsync(withLabelIndex: false, CancellationToken.None);
        return store.Snapshot.Count;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _scenario.DisposeAsync();
}
