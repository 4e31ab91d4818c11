using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Broker.Core.Api;
using Broker.Core.Routing;

namespace Broker.Benchmarks.Routing;

/// <summary>
/// Issue 2's target: at least 200,000 decisions per second on one core with 100 providers x 1,000
/// AcceptAPIs over 20 GVRs (3 filters each), allocation-free when no verdicts are requested.
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*RouterBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private const int Objects = 1_000;
    private static readonly string[] Regions = ["eu", "us", "ch", "ap", "sa"];
    private static readonly string[] Suffixes = ["internal.corp", "corp.com", "example.io", "shop.net"];

    private Router _router = null!;
    private RoutingRequest[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var compiled = new List<CompiledAcceptApi>();
        for (var i = 0; i < 1_000; i++)
        {
            var provider = $"provider-{i % 100:D3}";
            var json = $$$"""
                {"apiVersion":"broker.platform-mesh.io/v1alpha1","kind":"AcceptAPI","metadata":{"name":"accept-{{{i}}}","namespace":"default"},
                 "spec":{"gvr":{"group":"example.io","version":"v1","resource":"kind{{{i % 20}}}s"},"apiExportName":"export","priority":{{{random.Next(3)}}},
                 "filters":[{"key":"fqdn","suffix":"{{{Suffixes[random.Next(Suffixes.Length)]}}}"},
                            {"key":"region","valueIn":["{{{Regions[random.Next(Regions.Length)]}}}","{{{Regions[random.Next(Regions.Length)]}}}"]},
                            {"key":"storage.size","boundary":{"min":{{{random.Next(100)}}},"max":{{{100 + random.Next(1000)}}}}}]}}
                """;
            var acceptApi = JsonSerializer.Deserialize(json, BrokerJsonContext.Default.AcceptApi)!;
            compiled.Add(AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity(provider)).Compiled!);
        }

        _router = new Router(AcceptApiIndex.Build(compiled));
        _requests = new RoutingRequest[Objects];
        for (var i = 0; i < Objects; i++)
        {
            var obj = JsonDocument.Parse($$$"""
                {"apiVersion":"example.io/v1","kind":"Kind","metadata":{"name":"obj-{{{i}}}","namespace":"ns-{{{i % 10}}}","labels":{"team":"a"}},
                 "spec":{"fqdn":"app{{{i}}}.{{{Suffixes[random.Next(Suffixes.Length)]}}}","region":"{{{Regions[random.Next(Regions.Length)]}}}","storage":{"size":{{{random.Next(1200)}}}},"replicas":3}}
                """).RootElement;
            _requests[i] = new RoutingRequest($"consumer-{i % 50}", new GvrKey("example.io", "v1", $"kind{i % 20}s"), obj);
        }
    }

    [Benchmark(OperationsPerInvoke = Objects)]
    public int Decide()
    {
        var placed = 0;
        foreach (ref readonly var request in _requests.AsSpan())
        {
            if (_router.Decide(request).Chosen is not null)
            {
                placed++;
            }
        }

        return placed;
    }

    [Benchmark(OperationsPerInvoke = Objects)]
    public int Explain()
    {
        var verdicts = 0;
        foreach (ref readonly var request in _requests.AsSpan())
        {
            verdicts += _router.Explain(request).Verdicts.Count;
        }

        return verdicts;
    }
}
