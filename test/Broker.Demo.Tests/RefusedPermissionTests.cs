using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Metrics;

namespace Broker.Demo.Tests;

/// <summary>
/// Issue 17: a permission kcp refuses while the broker runs is what an operator sees, not a retried log line. The broker
/// runs as resource-broker with the RBAC of contrib/kcp/rbac; taking <c>create</c> on Placements away from its platform
/// role makes a new Certificate's placement refused: the Certificate says so (Placed=False, Forbidden, naming the verb,
/// resource and workspace), a Warning Event does too, and the metrics count it; granted again, the Certificate is placed.
/// </summary>
public sealed class RefusedPermissionTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource Events = new("", "v1", "events");
    private static readonly GroupVersionResource ClusterRoles = new("rbac.authorization.k8s.io", "v1", "clusterroles", Namespaced: false);

    [Test]
    public async Task Reconcile_PlacementCreateRevoked_ForbiddenConditionEventAndMetricThenPlacedOnceGranted()
    {
        await using var demo = await PartiesDemo.StartAsync(TimeSpan.Zero);
        await using var metrics = await ScrapedMeter.StartAsync();
        var platform = demo.Admin.Cluster(demo.Topology.Platform.Path);
        var granted = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        await platform.UpdateAsync(ClusterRoles, WithoutCreateOnPlacements(granted), CancellationToken.None);
        demo.StartBroker(metrics.Meter);

        await demo.Consumer.CreateAsync(Certificates, "default", Certificate("app"), CancellationToken.None);

        var expected = $"missing permission: create placements.broker.platform-mesh.io in {demo.Topology.Platform.Path} (kcp: ";
        var placed = await Eventually.GetAsync("the Certificate to say the broker lacks a permission", async () =>
            Placed(await demo.Consumer.GetAsync(Certificates, "default", "app", CancellationToken.None)) is { } c && (string?)c["reason"] == "Forbidden" ? c : null);
        ((string?)placed["status"]).ShouldBe("False");
        ((string?)placed["message"]).ShouldStartWith(expected);
        ((string?)placed["message"] ?? "").ShouldContain("""User "resource-broker" cannot create resource "placements" in API group "broker.platform-mesh.io" """.TrimEnd());

        var warning = await Eventually.GetAsync("a Warning Event about the refusal", async () =>
            (await demo.Consumer.ListAllAsync(Events, "default", null, CancellationToken.None)).Items
                .FirstOrDefault(e => (string?)e["reason"] == "Forbidden" && (string?)e["involvedObject"]?["name"] == "app"));
        ((string?)warning["type"]).ShouldBe("Warning");
        ((string?)warning["message"]).ShouldStartWith(expected);

        var labels = new[] { ("verb", "create"), ("resource", "placements.broker.platform-mesh.io") };
        await Eventually.UntilAsync("the refusal in the metrics", async () =>
            (await metrics.ScrapeAsync()) is var scrape && scrape.Value("resource_broker_forbidden_total", labels) >= 1 && scrape.Value("resource_broker_forbidden_keys", labels) == 1);
        (await demo.Consumer.GetOrNullAsync(Secrets, "default", "app", CancellationToken.None)).ShouldBeNull();

        var role = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        role["rules"] = granted["rules"]!.DeepClone(); // the operator grants it back
        await platform.UpdateAsync(ClusterRoles, role, CancellationToken.None);

        await Eventually.GetAsync("the Secret once the permission is granted", () => demo.Consumer.GetOrNullAsync(Secrets, "default", "app", CancellationToken.None), TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync("Placed=True and the refusal gone from the gauge", async () =>
            (string?)Placed(await demo.Consumer.GetAsync(Certificates, "default", "app", CancellationToken.None))?["status"] == "True"
            && (await metrics.ScrapeAsync()).Value("resource_broker_forbidden_keys", labels) == 0);
    }

    [Test]
    public async Task StagingPreparation_WorkspaceCreateRevoked_TheCertificateSaysWhichPermission_ThenPlacedOnceGranted()
    {
        await using var demo = await PartiesDemo.StartAsync(TimeSpan.Zero);
        await using var metrics = await ScrapedMeter.StartAsync();
        var platform = demo.Admin.Cluster(demo.Topology.Platform.Path);
        var granted = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        await platform.UpdateAsync(ClusterRoles, WithoutCreateOn(granted, "workspaces"), CancellationToken.None);
        demo.StartBroker(metrics.Meter);

        await demo.Consumer.CreateAsync(Certificates, "default", Certificate("app"), CancellationToken.None);

        var placed = await Eventually.GetAsync("the Certificate to say which permission its staging workspace lacks", async () =>
            Placed(await demo.Consumer.GetAsync(Certificates, "default", "app", CancellationToken.None)) is { } c && (string?)c["reason"] == "Forbidden" ? c : null);
        ((string?)placed["status"]).ShouldBe("False");
        ((string?)placed["message"]).ShouldStartWith($"preparing the staging workspace for root:providers:internal-ca: missing permission: create workspaces.tenancy.kcp.io in {demo.Topology.Platform.Path} (kcp: ");
        await Eventually.UntilAsync("the refusal in the metrics", async () =>
            (await metrics.ScrapeAsync()).Value("resource_broker_forbidden_keys", ("verb", "create"), ("resource", "workspaces.tenancy.kcp.io")) == 1);

        var role = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        role["rules"] = granted["rules"]!.DeepClone(); // the operator grants it back
        await platform.UpdateAsync(ClusterRoles, role, CancellationToken.None);

        await Eventually.GetAsync("the Secret once the permission is granted", () => demo.Consumer.GetOrNullAsync(Secrets, "default", "app", CancellationToken.None), TimeSpan.FromSeconds(60));
    }

    private static JsonObject WithoutCreateOnPlacements(JsonObject role) => WithoutCreateOn(role, "placements");

    // The role as granted, with `create` gone from the rule over `resource` (the caches' list and watch stay allowed).
    private static JsonObject WithoutCreateOn(JsonObject role, string resource)
    {
        var revoked = role.DeepClone().AsObject();
        var rule = revoked["rules"]!.AsArray().Single(r => r!["resources"]?.AsArray().Any(x => (string?)x == resource) == true)!;
        rule["verbs"] = new JsonArray([.. rule["verbs"]!.AsArray().Where(v => (string?)v != "create").Select(v => v!.DeepClone())]);
        return revoked;
    }

    private static JsonObject? Placed(JsonObject certificate) =>
        (certificate["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Placed");

    private static JsonObject Certificate(string name) => new()
    {
        ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["fqdn"] = $"{name}.internal.corp" },
    };
}
