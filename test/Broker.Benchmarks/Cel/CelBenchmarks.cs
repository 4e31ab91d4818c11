using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Broker.Cel;

namespace Broker.Benchmarks.Cel;

/// <summary>Compiled CEL evaluation on one core (issue 6, item 7). Targets: at least 1,000,000
/// evaluations/s for the has-and-compare condition and 200,000/s for a 20-element <c>all</c>.</summary>
[MemoryDiagnoser]
[OperationsPerSecond]
public class CelBenchmarks
{
    private CelProgram _succeeded = null!;
    private CelProgram _all = null!;
    private Dictionary<string, JsonNode?> _dumpVariables = null!;
    private Dictionary<string, JsonNode?> _listVariables = null!;
    private Dictionary<string, object?> _elementVariables = null!;

    [GlobalSetup]
    public void Setup()
    {
        var environment = CelEnvironment.Create("dump", "items");
        _succeeded = environment.Compile("has(dump.status.succeeded) && dump.status.succeeded >= 1");
        _all = environment.Compile("items.all(i, i.replicas >= 1 && i.name != '')");
        _dumpVariables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["dump"] = JsonNode.Parse("""{"metadata":{"name":"nightly"},"status":{"succeeded":3,"failed":0}}"""),
        };
        var items = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            items.Add(new JsonObject { ["name"] = $"item-{i}", ["replicas"] = i + 1 });
        }
        _listVariables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["items"] = items };
        _elementVariables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["dump"] = JsonDocument.Parse(_dumpVariables["dump"]!.ToJsonString()).RootElement,
            ["items"] = JsonDocument.Parse(items.ToJsonString()).RootElement,
        };
    }

    [Benchmark(Description = "has(dump.status.succeeded) && dump.status.succeeded >= 1")]
    public object? HasAndCompare() => _succeeded.Evaluate(_dumpVariables);

    [Benchmark(Description = "items.all(...) over 20 elements")]
    public object? AllOverTwentyElements() => _all.Evaluate(_listVariables);

    [Benchmark(Description = "has(...) && ... >= 1, bound as JsonElement")]
    public object? HasAndCompareOverElement() => _succeeded.Evaluate(_elementVariables);

    [Benchmark(Description = "items.all(...) over 20 elements, bound as JsonElement")]
    public object? AllOverTwentyElementsOfElement() => _all.Evaluate(_elementVariables);
}
