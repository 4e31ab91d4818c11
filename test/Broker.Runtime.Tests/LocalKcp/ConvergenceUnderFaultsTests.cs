using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Testing;
using Broker.Testing.Client;

namespace Broker.Runtime.Tests.LocalKcp;

/// <summary>Issue 4, proof 1: every fault LocalKcp can inject ends with a cache equal to the server's state.
/// Writes go to concrete clusters; faults are scoped to wildcard paths ("/clusters/*/") where a rate is involved,
/// so the writes themselves succeed and only the informers are disturbed.</summary>
[NonParallelizable]
public sealed class ConvergenceUnderFaultsTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(20);
    private LocalKcpFixture _kcp = null!;
    private WidgetExport _export = null!;
    private string[] _consumers = [];
    private WidgetPipeline _pipeline = null!;
    private int _serial;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero, BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        _export = await WidgetExport.CreateAsync(_kcp, "root:provider", "widgets", CancellationToken.None);
        _consumers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i => (await _export.BindConsumerAsync($"root:consumers:c{i}", CancellationToken.None)).Name));
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _kcp.DisposeAsync();

    [SetUp]
    public async Task SetUp()
    {
        _pipeline = new WidgetPipeline(_kcp, "root:provider", "widgets");
        await _pipeline.WaitUntilAsync(() => _pipeline.HasSynced && _pipeline.Urls.Count == 1, "pipeline sync");
        await WriteBatchAsync(); // something to lose in every scenario
        await _pipeline.ShouldConvergeAsync(Converge);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _pipeline.ClearFaultsAsync();
        await _pipeline.DisposeAsync();
    }

    [Test]
    public async Task DroppedWatches_WritesWhileReconnecting_CacheConverges()
    {
        await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
        await WriteBatchAsync();
        await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
        await WriteBatchAsync();

        await _pipeline.ShouldConvergeAsync(Converge);
    }

    [Test]
    public async Task Compaction_ResumeGetsGone_RelistEmitsDifferenceAndCacheConverges()
    {
        // Keep the informers from reconnecting while we write, then compact, so their resume must get 410.
        await _pipeline.FaultAsync(new JsonObject { ["errorRate"] = 1.0, ["status"] = 503, ["pathContains"] = "/clusters/*/" });
        await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
        await WriteBatchAsync(); // includes deletes: the relist must turn them into tombstones
        await _pipeline.FaultAsync(new JsonObject { ["compact"] = true });
        await _pipeline.ClearFaultsAsync();

        await _pipeline.ShouldConvergeAsync(Converge);
        _pipeline.WidgetInformers.Values.Sum(i => i.Relists).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Test]
    public async Task TwentyPercentErrors_OnWildcardListAndWatch_CacheConverges()
    {
        await _pipeline.FaultAsync(new JsonObject { ["errorRate"] = 0.2, ["status"] = 500, ["pathContains"] = "/clusters/*/" });

        // Force reconnects until the fault has hit the informer a few times (20% per attempt), writing in between.
        for (var round = 0; round < 60 && _pipeline.WidgetInformers.Values.Sum(i => i.Errors) < 3; round++)
        {
            await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
            if (round % 4 == 0)
            {
                await WriteBatchAsync();
            }

            await Task.Delay(30);
        }

        _pipeline.WidgetInformers.Values.Sum(i => i.Errors).ShouldBeGreaterThanOrEqualTo(3, "the fault never hit the informer");
        await _pipeline.ShouldConvergeAsync(Converge); // still under 20% errors: the informer must get through them
    }

    [Test]
    public async Task TooManyRequests_WithRetryAfter_CacheConvergesAfterThrottling()
    {
        await _pipeline.FaultAsync(new JsonObject { ["errorRate"] = 1.0, ["status"] = 429, ["pathContains"] = "/clusters/*/" });
        await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
        await WriteBatchAsync();
        await Task.Delay(1500);

        _pipeline.CacheState().SetEquals(await ServerStateWithoutFaultAsync()).ShouldBeFalse("throttled informers cannot have seen the writes yet");
        var errors = _pipeline.WidgetInformers.Values.Sum(i => i.Errors);
        errors.ShouldBeInRange(1, 4, "Retry-After: 1 allows about one attempt per second in 1.5 s");
        await _pipeline.ClearFaultsAsync();
        await _pipeline.ShouldConvergeAsync(Converge);
    }

    [Test]
    public async Task AddedLatency_WritesDuringSlowWatches_CacheConverges()
    {
        await _pipeline.FaultAsync(new JsonObject { ["latencyMs"] = 150 });
        await _pipeline.FaultAsync(new JsonObject { ["dropWatches"] = true });
        await WriteBatchAsync();

        await _pipeline.ShouldConvergeAsync(Converge);
    }

    private async Task<SortedSet<string>> ServerStateWithoutFaultAsync()
    {
        var faults = await ReadFaultsAsync();
        await _pipeline.ClearFaultsAsync();
        var state = await _pipeline.ServerStateAsync(CancellationToken.None);
        await _pipeline.FaultAsync(faults);
        return state;
    }

    private async Task<JsonObject> ReadFaultsAsync()
    {
        using var http = _kcp.CreateHttpClient();
        return (JsonNode.Parse(await http.GetStringAsync(new Uri("localkcp/v1/faults", UriKind.Relative))) as JsonObject)!;
    }

    // Creates, updates and deletes in every consumer; names are unique per call so batches accumulate.
    private async Task WriteBatchAsync()
    {
        var batch = Interlocked.Increment(ref _serial);
        foreach (var consumer in _consumers)
        {
            var cluster = _pipeline.Client.Cluster(consumer);
            for (var i = 0; i < 4; i++)
            {
                await cluster.CreateAsync(WidgetPipeline.Widgets, "default", WidgetExport.Widget($"w{batch}-{i}"), CancellationToken.None);
            }

            await cluster.PatchAsync(WidgetPipeline.Widgets, "default", $"w{batch}-0", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["size"] = 9 } }, CancellationToken.None);
            await cluster.DeleteAsync(WidgetPipeline.Widgets, "default", $"w{batch}-1", null, CancellationToken.None);
        }
    }
}
