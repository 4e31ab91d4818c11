using Broker.Kcp.Http;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Scale;

/// <summary>
/// Issue 19: the broker's watch streams against kcp depend on its exports, the providers' exports in use and the shards,
/// not on how many consumer (and so staging) workspaces exist; <c>resource_broker_watches{resource}</c> tells them.
/// </summary>
public sealed class WatchCountTests : BrokeringFixture
{
    private const string Watches = "resource_broker_watches";

    [Test]
    public async Task WatchCount_StaysConstant_WhileConsumerWorkspacesAreAdded()
    {
        // Both providers in use, each through one staging workspace.
        await PlaceAsync(Env.ConsumerClient, "first-internal", "a.internal.corp");
        var second = Env.Client.Cluster((await Env.AddConsumerAsync("root:second", CancellationToken.None)).Path);
        await PlaceAsync(second, "first-external", "a.corp.com");

        // One shard: the brokered Certificates, and each provider export's copies; the Secrets the broker copies to consumers,
        // and those each provider export claims.
        var before = await EventuallyAsync(
            async () => await WatchesAsync() is var w && w.GetValueOrDefault("certificates.example.platform-mesh.io") == 3 && w.GetValueOrDefault("secrets") == 3 ? w : null,
            "a watch of the brokered Certificates and one per provider export for copies and for Secrets");

        for (var i = 0; i < 6; i++)
        {
            var consumer = Env.Client.Cluster((await Env.AddConsumerAsync($"root:more-{i}", CancellationToken.None)).Path);
            await PlaceAsync(consumer, $"more-{i}", i % 2 == 0 ? $"m{i}.internal.corp" : $"m{i}.corp.com");
        }

        (await StagingWorkspacesAsync()).Count.ShouldBe(8, "a staging workspace per consumer");
        var after = await WatchesAsync();
        await TestContext.Out.WriteLineAsync($"watches with 8 consumers: {Describe(after)}");
        after.ShouldBe(before, $"before: {Describe(before)}; after: {Describe(after)}");
        Env.Client.Telemetry.OpenWatchCount.ShouldBe((int)before.Values.Sum(), "the metric tells what the client holds");
    }

    private async Task PlaceAsync(ClusterClient consumer, string name, string fqdn)
    {
        await consumer.CreateAsync(Certificates, "default", Certificate(name, fqdn), CancellationToken.None);
        await EventuallyAsync(() => Env.TryGetAsync(consumer, Secrets, "default", name), $"the Secret of {name}");
    }

    private async Task<Dictionary<string, double>> WatchesAsync() =>
        (await Env.Metrics.ScrapeAsync()).Samples(Watches).ToDictionary(s => s.Labels["resource"], s => s.Value, StringComparer.Ordinal);

    private Task<List<string>> StagingWorkspacesAsync() => Env.StagingWorkspacesAsync();

    private static string Describe(Dictionary<string, double> watches) => string.Join(", ", watches.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"));
}
