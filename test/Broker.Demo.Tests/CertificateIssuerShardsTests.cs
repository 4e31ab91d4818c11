using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>Two shards: the export's endpoint slice lists one virtual-workspace URL per shard with a binding, and the
/// issuer must watch both and write each Secret through the URL its Certificate came from.</summary>
public sealed class CertificateIssuerShardsTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private IssuerFixture _fixture = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp() => _fixture = await IssuerFixture.StartAsync(TimeSpan.Zero, shards: 2);

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _fixture.DisposeAsync();

    [Test]
    public async Task Create_OnEachShard_BothIssued()
    {
        var other = await _fixture.AddConsumerAsync("staging-b", "shard-1");
        var slice = await Eventually.GetAsync("two endpoint URLs", async () =>
        {
            var current = await _fixture.Admin.Cluster(IssuerFixture.ProviderPath).GetAsync<ApiExportEndpointSlice>(
                ApiExportEndpointSlice.Resource, null, "certificates", CancellationToken.None);
            return current.Status.Endpoints?.Count == 2 ? current : null;
        });
        slice.Status.Endpoints!.Select(e => e.Url).Distinct().Count().ShouldBe(2);

        foreach (var consumer in new[] { _fixture.Consumer, other })
        {
            await consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("sharded", "sharded.internal.corp"), CancellationToken.None);
        }

        foreach (var consumer in new[] { _fixture.Consumer, other })
        {
            var secret = await Eventually.GetAsync($"Secret in {consumer.Cluster}", async () => await consumer.GetAsync(Secrets, "default", "sharded", CancellationToken.None));
            secret["type"]!.GetValue<string>().ShouldBe("kubernetes.io/tls");
            var certificate = await consumer.GetAsync(Certificates, "default", "sharded", CancellationToken.None);
            await Eventually.GetAsync("Available", async () =>
                CertificateIssuerTests.Phase(await consumer.GetAsync(Certificates, "default", "sharded", CancellationToken.None)) == "Available" ? certificate : (JsonObject?)null);
        }
    }
}
