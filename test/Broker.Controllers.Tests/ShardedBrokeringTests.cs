using System.Text;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests;

/// <summary>Two shards: the certificates export's endpoint slice lists two URLs, and consumers on either are brokered.</summary>
[NonParallelizable]
public sealed class ShardedBrokeringTests
{
    [Test]
    public async Task TwoShards_ConsumersOnEachShard_BothGetTheirSecrets()
    {
        await using var env = await BrokeringEnvironment.StartAsync(shards: 2);
        await using var issuer = new FakeIssuer(env);
        var local = env.Client.Cluster((await env.AddConsumerAsync("root:team-local", CancellationToken.None, shard: "root")).Path);
        var remoteClient = env.Client.Cluster((await env.AddConsumerAsync("root:team-remote", CancellationToken.None, shard: "shard-1")).Path);

        await local.CreateAsync(Certificates, "default", Certificate("app", "local.internal.corp"), CancellationToken.None);
        await remoteClient.CreateAsync(Certificates, "default", Certificate("app", "remote.corp.com"), CancellationToken.None);

        await EventuallyAsync(async () => Text(await env.TryGetAsync(local, Secrets, "default", "app")) == FakeIssuer.SecretText("internal-ca", "local.internal.corp") ? "" : null, "the root-shard consumer's Secret");
        await EventuallyAsync(async () => Text(await env.TryGetAsync(remoteClient, Secrets, "default", "app")) == FakeIssuer.SecretText("external-ca", "remote.corp.com") ? "" : null, "the shard-1 consumer's Secret");
        var slice = await env.Client.Cluster("root:platform").GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "certificates", CancellationToken.None);
        slice.Status.Endpoints!.Count.ShouldBe(2);
    }

    private static string? Text(System.Text.Json.Nodes.JsonObject? secret) =>
        (string?)secret?["data"]?["tls.crt"] is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : null;
}
