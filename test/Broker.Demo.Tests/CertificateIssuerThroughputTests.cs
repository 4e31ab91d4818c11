using System.Diagnostics;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>How fast one issuer drains a burst (no issue delay), to see that it is not the bottleneck of the
/// brokering benchmark. Explicit: it prints figures rather than asserting a machine-dependent rate.</summary>
[Explicit("measurement")]
public sealed class CertificateIssuerThroughputTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");

    [Test]
    public async Task Burst_300CertificatesIn10Workspaces_AllIssued()
    {
        await using var fixture = await IssuerFixture.StartAsync(TimeSpan.Zero);
        var consumers = new List<ClusterClient> { fixture.Consumer };
        for (var i = 1; i < 10; i++)
        {
            consumers.Add(await fixture.AddConsumerAsync($"burst-{i}", "root"));
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await consumers[i % consumers.Count].CreateAsync(Certificates, "default", IssuerFixture.Certificate($"c{i}", $"c{i}.internal.corp"), ct));
        var created = clock.Elapsed;

        await Eventually.GetAsync("every Certificate Available", async () =>
        {
            var available = 0;
            foreach (var consumer in consumers)
            {
                var list = await consumer.ListAllAsync(Certificates, "default", null, CancellationToken.None);
                available += list.Items.Count(c => CertificateIssuerTests.Phase(c) == "Available");
            }

            return available == 300 ? "done" : null;
        }, TimeSpan.FromSeconds(120));

        TestContext.Out.WriteLine($"created 300 in {created.TotalSeconds:0.00} s; all Available after {clock.Elapsed.TotalSeconds:0.00} s");
    }
}
