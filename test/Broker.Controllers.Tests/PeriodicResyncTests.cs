using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using Broker.Testing;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests;

/// <summary>RECONCILE_INTERVAL: every brokered object is reconciled again on a timer, and a settled one is left as it is.</summary>
public sealed class PeriodicResyncTests
{
    [Test]
    public async Task ReconcileInterval_SettledObject_PassesAgainAndWritesNothing()
    {
        await using var env = await BrokeringEnvironment.StartAsync();
        await using var issuer = new FakeIssuer(env);
        await env.StopBrokerAsync();
        env.StartBroker(o => o with { ReconcileInterval = TimeSpan.FromMilliseconds(200) });
        await env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(async () =>
        {
            var c = await env.TryGetAsync(env.ConsumerClient, Certificates, "default", "app");
            return (string?)c?["status"]?["status"] == "Available" && await env.TryGetAsync(env.ConsumerClient, Secrets, "default", "app") is not null ? c : null;
        }, "the certificate placed and issued");
        await EventuallyAsync(async () => (await env.EventsAsync("app")).Count > 0 ? "" : null, "the Placed event"); // the last write of placing it

        var before = await VersionsAsync(env);
        var passes = await PlacementPassesAsync(env);
        await Eventually.UntilAsync("three more passes of the placement controller", async () => await PlacementPassesAsync(env) >= passes + 3);

        (await VersionsAsync(env)).ShouldBe(before);
    }

    private static async Task<double> PlacementPassesAsync(BrokeringEnvironment env) =>
        (await env.Metrics.ScrapeAsync()).Value("resource_broker_reconcile_duration_seconds_count", ("controller", "placements")) ?? 0;

    // Every object the broker writes for the certificate: the consumer's object and Secret, the Placement, the Events.
    private static async Task<string[]> VersionsAsync(BrokeringEnvironment env) =>
    [
        Version(await env.TryGetAsync(env.ConsumerClient, Certificates, "default", "app")),
        Version(await env.TryGetAsync(env.ConsumerClient, Secrets, "default", "app")),
        Version(await env.PlacementAsync()),
        .. (await env.EventsAsync("app")).Select(e => Version(e)),
    ];

    private static string Version(JsonObject? obj) => $"{KubeObject.Name(obj!)}@{(string?)obj!["metadata"]!["resourceVersion"]}";
}
