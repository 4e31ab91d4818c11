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
    private static readonly GroupVersionResource Migrations = new("broker.platform-mesh.io", "v1alpha1", "migrations");
    private static readonly GroupVersionResource MigrationConfigurations = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
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

    [Test]
    public async Task MigrationStage_ConfigMapCreateRevoked_TheMigrationAndTheCertificateSayWhichPermission_ThenItGoesOn()
    {
        await using var demo = await PartiesDemo.StartAsync(TimeSpan.Zero);
        var platform = demo.Admin.Cluster(demo.Topology.Platform.Path);
        var configuration = Broker.Core.Yaml.YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(RepositoryPaths.Example, "migration-approval.yaml")))[0].AsObject();
        await platform.CreateAsync(MigrationConfigurations, "default", configuration, CancellationToken.None);
        var granted = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        await platform.UpdateAsync(ClusterRoles, WithoutCreateOnOnly(granted, "configmaps"), CancellationToken.None);
        demo.StartBroker();
        await demo.Consumer.CreateAsync(Certificates, "default", Certificate("app"), CancellationToken.None);
        await Eventually.GetAsync("the Secret", () => demo.Consumer.GetOrNullAsync(Secrets, "default", "app", CancellationToken.None), TimeSpan.FromSeconds(60));

        // The move's stage makes a ConfigMap in the platform workspace, which the broker's role no longer lets it create.
        await demo.Consumer.PatchAsync(Certificates, "default", "app", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = "app.corp.com" } }, CancellationToken.None);

        var expected = $"stage \"approval\": missing permission: create configmaps in {demo.Topology.Platform.Path} (kcp: ";
        var refused = await Eventually.GetAsync("the Migration to say the broker lacks a permission", async () =>
            (await platform.ListAllAsync(Migrations, "default", null, CancellationToken.None)).Items
                .Select(m => Condition(m.AsObject(), "StageSucceeded")).FirstOrDefault(c => (string?)c?["reason"] == "Forbidden"), TimeSpan.FromSeconds(60));
        ((string?)refused["status"]).ShouldBe("False");
        ((string?)refused["message"]).ShouldStartWith(expected);
        var migrating = await Eventually.GetAsync("the Certificate's Migrating condition to quote it", async () =>
            Condition(await demo.Consumer.GetAsync(Certificates, "default", "app", CancellationToken.None), "Migrating") is { } c
            && ((string?)c["message"] ?? "").Contains(expected, StringComparison.Ordinal) ? c : null);
        ((string?)migrating["status"]).ShouldBe("True");

        var role = await platform.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        role["rules"] = granted["rules"]!.DeepClone(); // the operator grants it back
        await platform.UpdateAsync(ClusterRoles, role, CancellationToken.None);

        await Eventually.GetAsync("the stage's ConfigMap once the permission is granted", async () =>
            (await platform.ListAllAsync(ConfigMaps, "default", new ListOptions { LabelSelector = "broker.platform-mesh.io/migration-stage=approval" }, CancellationToken.None)).Items.FirstOrDefault(),
            TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync("the Migration waiting for the approval, no longer refused", async () =>
            (await platform.ListAllAsync(Migrations, "default", null, CancellationToken.None)).Items
                .Select(m => Condition(m.AsObject(), "StageSucceeded")).Any(c => (string?)c?["reason"] == "Waiting"), TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task AcceptApiCheck_ExportGetRevokedInTheProviderWorkspace_AvailableUnknownSaysWhich_ThenTrueOnceGranted()
    {
        await using var demo = await PartiesDemo.StartAsync(TimeSpan.Zero);
        await using var metrics = await ScrapedMeter.StartAsync();
        var provider = demo.Admin.Cluster(demo.Topology.InternalCa.Path);
        var granted = await provider.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        await provider.UpdateAsync(ClusterRoles, WithoutVerbOn(granted, "apiexports", "get"), CancellationToken.None);
        demo.StartBroker(metrics.Meter);

        // The provider's onboarding grants get on its export; without it the broker cannot tell whether the AcceptAPI is usable.
        var available = await Eventually.GetAsync("the AcceptAPI to say the broker lacks a permission", async () =>
            Condition(await provider.GetOrNullAsync(AcceptApis, "default", "internal-certificates", CancellationToken.None), "Available") is { } c && (string?)c["reason"] == "Forbidden" ? c : null,
            TimeSpan.FromSeconds(60));
        ((string?)available["status"]).ShouldBe("Unknown");
        ((string?)available["message"]).ShouldStartWith($"cannot check APIExport certificates: missing permission: get apiexports.apis.kcp.io in {demo.Topology.InternalCa.Path} (kcp: ");
        var labels = new[] { ("verb", "get"), ("resource", "apiexports.apis.kcp.io") };
        await Eventually.UntilAsync("the refusal in the metrics", async () => (await metrics.ScrapeAsync()).Value("resource_broker_forbidden_total", labels) >= 1);

        var role = await provider.GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
        role["rules"] = granted["rules"]!.DeepClone(); // the provider grants it back
        await provider.UpdateAsync(ClusterRoles, role, CancellationToken.None);

        await Eventually.UntilAsync("Available=True once granted, the refusal gone from the gauge", async () =>
            (string?)Condition(await provider.GetAsync(AcceptApis, "default", "internal-certificates", CancellationToken.None), "Available")?["status"] == "True"
            && (await metrics.ScrapeAsync()).Value("resource_broker_forbidden_keys", labels) == 0, TimeSpan.FromSeconds(60));
    }

    private static JsonObject WithoutCreateOnPlacements(JsonObject role) => WithoutCreateOn(role, "placements");

    // The role as granted, with `resource` moved out of its rule into one of its own without `create` (the others keep it).
    private static JsonObject WithoutCreateOnOnly(JsonObject role, string resource)
    {
        var revoked = role.DeepClone().AsObject();
        var rules = revoked["rules"]!.AsArray();
        var rule = rules.Single(r => r!["resources"]?.AsArray().Any(x => (string?)x == resource) == true)!;
        var own = rule.DeepClone().AsObject();
        rule["resources"] = new JsonArray([.. rule["resources"]!.AsArray().Where(x => (string?)x != resource).Select(x => x!.DeepClone())]);
        own["resources"] = new JsonArray(resource);
        own["verbs"] = new JsonArray([.. own["verbs"]!.AsArray().Where(v => (string?)v != "create").Select(v => v!.DeepClone())]);
        rules.Add(own);
        return revoked;
    }

    private static JsonObject? Condition(JsonObject? obj, string type) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    // The role as granted, with `create` gone from the rule over `resource` (the caches' list and watch stay allowed).
    private static JsonObject WithoutCreateOn(JsonObject role, string resource) => WithoutVerbOn(role, resource, "create");

    private static JsonObject WithoutVerbOn(JsonObject role, string resource, string verb)
    {
        var revoked = role.DeepClone().AsObject();
        var rule = revoked["rules"]!.AsArray().Single(r => r!["resources"]?.AsArray().Any(x => (string?)x == resource) == true)!;
        rule["verbs"] = new JsonArray([.. rule["verbs"]!.AsArray().Where(v => (string?)v != verb).Select(v => v!.DeepClone())]);
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
