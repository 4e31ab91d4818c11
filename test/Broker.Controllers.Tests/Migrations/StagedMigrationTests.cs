using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Migrations;

/// <summary>
/// Staged migrations end to end against LocalKcp: a MigrationConfiguration's stages run in order in the stage target
/// (the platform workspace), a test actor completes them by editing the stage objects, and the consumer's Secret
/// switches once, only after the last stage.
/// </summary>
[NonParallelizable]
public sealed class StagedMigrationTests : BrokeringFixture
{
    private const string Platform = "root:platform";

    [Test]
    public async Task TwoStages_CompletedByAnActor_SecretSwitchesOnceAfterTheLastStage()
    {
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage(), ApprovalStage()));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var migration = await MigrationAsync(m => State(m) == "InitialInProgress" && Stage(m) == "copy" && Condition(m, "StageSucceeded") is not null, "stage copy running");
        var name = KubeObject.Name(migration);
        var copy = await StageObjectAsync(name + "-copy");
        ((string?)copy["data"]!["from"]).ShouldBe("app.internal.corp");
        ((string?)copy["data"]!["to"]).ShouldBe("app.corp.com");
        ((string?)copy["data"]!["summary"]).ShouldBe("app.internal.corp -> app.corp.com ({braces} kept)");
        ((string?)copy["data"]!["secret"]).ShouldBe("from-app");
        KubeObject.Label(copy, "broker.platform-mesh.io/migration-name").ShouldBe(name);
        KubeObject.Label(copy, "broker.platform-mesh.io/migration-stage").ShouldBe("copy");
        var fromSecret = await StageObjectAsync("from-app", Secrets);
        var toSecret = await StageObjectAsync("to-app", Secrets);
        ((string?)fromSecret["data"]!["tls.crt"]).ShouldBe(Base64(FakeIssuer.SecretText("internal-ca", "app.internal.corp")));
        ((string?)toSecret["data"]!["tls.crt"]).ShouldBe(Base64(FakeIssuer.SecretText("external-ca", "app.corp.com")));
        var waiting = Condition(migration, "StageSucceeded");
        ((string?)waiting!["message"]).ShouldBe("stage \"copy\": waiting for success condition expression \"copy.data.done == 'true'\" is false");
        (await Env.MigrationsAsync()).Count.ShouldBe(1);

        await Env.MetricEventuallyAsync("resource_broker_migrations_active", 1, ("state", "InitialInProgress"));

        await PatchDataAsync(name + "-copy", "done", "true");

        migration = await MigrationAsync(m => State(m) == "InitialCompleted" && Stage(m) == "approve" && Condition(m, "StageSucceeded") is { } c && (string?)c["status"] == "False", "stage approve running");
        ((string?)Condition(migration, "DataCopied")!["status"]).ShouldBe("True");
        (await TryStageObjectAsync(name + "-copy")).ShouldBeNull("a succeeded stage's objects are deleted");
        var approval = await StageObjectAsync(name + "-approval");
        ((string?)approval["data"]!["copied"]).ShouldBe("app.internal.corp", "a later stage reads an earlier stage's object");
        ((string?)approval["data"]!["provider"]).ShouldBe("root:providers:external-ca");
        var certificate = await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app");
        ((string?)Condition(certificate, "Migrating")!["message"]).ShouldBe(
            $"moving from root:providers:internal-ca to root:providers:external-ca: Migration {name} is InitialCompleted: stage \"approve\": waiting for success condition expression \"approval.data.approved == 'true'\" is false");

        var seen = await PollSecretAsync(TimeSpan.FromSeconds(1), until: null);
        seen.ShouldAllBe(s => s == FakeIssuer.SecretText("internal-ca", "app.internal.corp"), "the Secret switches only after the last stage");

        await PatchDataAsync(name + "-approval", "approved", "true");

        seen = await PollSecretAsync(TimeSpan.FromSeconds(20), until: FakeIssuer.SecretText("external-ca", "app.corp.com"));
        seen[^1].ShouldBe(FakeIssuer.SecretText("external-ca", "app.corp.com"));
        seen.Distinct().Count().ShouldBeLessThanOrEqualTo(2);
        migration = await MigrationAsync(m => State(m) == "CutoverCompleted", "CutoverCompleted");
        ((string?)Condition(migration, "StagesCompleted")!["status"]).ShouldBe("True");
        ((string?)Condition(migration, "CutoverComplete")!["status"]).ShouldBe("True");
        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        (await TryStageObjectAsync(name + "-approval")).ShouldBeNull();
        (await TryStageObjectAsync("from-app", Secrets)).ShouldBeNull();
        (await TryStageObjectAsync("to-app", Secrets)).ShouldBeNull();
        await Env.MetricEventuallyAsync("resource_broker_migrations_total", 1, ("state", "Completed"));
    }

    [Test]
    public async Task Template_KeepsNativeTypesOfAWholeExpression()
    {
        var stage = new JsonObject
        {
            ["name"] = "lease",
            ["templates"] = new JsonObject
            {
                ["lease"] = new JsonObject
                {
                    ["apiVersion"] = "coordination.k8s.io/v1",
                    ["kind"] = "Lease",
                    ["spec"] = new JsonObject { ["holderIdentity"] = "${to.spec.fqdn}", ["leaseDurationSeconds"] = "${size(to.spec.fqdn) * 2}" },
                },
            },
            ["successConditions"] = new JsonArray("lease.spec.leaseDurationSeconds == 24 && lease.metadata.labels['done'] == 'yes'"),
        };
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var name = KubeObject.Name(await MigrationAsync(m => Stage(m) == "lease", "stage lease"));
        var lease = await StageObjectAsync(name + "-lease", Leases);
        lease["spec"]!["leaseDurationSeconds"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
        ((long)lease["spec"]!["leaseDurationSeconds"]!).ShouldBe(24);
        ((string?)lease["spec"]!["holderIdentity"]).ShouldBe("app.corp.com");
        await Env.Client.Cluster(Platform).PatchAsync(Leases, "default", name + "-lease", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["done"] = "yes" } } }, CancellationToken.None);
        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
    }

    [Test]
    public async Task Precondition_HoldsTheStageBackAndSaysWhich()
    {
        Issuer.Stalled.Add("external-ca");
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage()));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var migration = await MigrationAsync(m => Condition(m, "PreconditionsMet") is { } c && (string?)c["status"] == "False", "PreconditionsMet=False");
        State(migration).ShouldBe("Pending");
        ((string?)Condition(migration, "PreconditionsMet")!["message"]).ShouldBe(
            "stage \"copy\": waiting for precondition expression \"to.status.status == 'Available'\" failed: no such key: 'status'"); // the stalled provider wrote no status
        (await TryStageObjectAsync(KubeObject.Name(migration) + "-copy")).ShouldBeNull("nothing of a stage is made before its preconditions hold");

        Issuer.Stalled.Clear();

        migration = await MigrationAsync(m => State(m) == "InitialInProgress", "the stage started");
        ((string?)Condition(migration, "PreconditionsMet")!["status"]).ShouldBe("True");
        await StageObjectAsync(KubeObject.Name(migration) + "-copy");
    }

    [Test]
    public async Task StageTimeout_FailsAndRollsBack_NotRetriedUntilTheObjectChanges()
    {
        var stage = CopyStage();
        stage["timeout"] = "1s";
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var migration = await MigrationAsync(m => State(m) == "Failed", "Failed");
        var failed = Condition(migration, "Failed")!;
        ((string?)failed["reason"]).ShouldBe("StageTimedOut");
        ((string?)failed["message"])!.ShouldStartWith("stage \"copy\" did not succeed within 00:00:01; last: stage \"copy\": waiting for success condition");
        var migrating = await EventuallyAsync(async () =>
        {
            var condition = Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app"), "Migrating");
            return (string?)condition?["reason"] == "StageTimedOut" ? condition : null;
        }, "Migrating=False StageTimedOut on the consumer");
        ((string?)migrating["status"]).ShouldBe("False");
        ((string?)migrating["message"])!.ShouldStartWith("the move to root:providers:external-ca was abandoned: stage \"copy\" did not succeed within 00:00:01");
        var warning = await EventuallyAsync(async () => (await Env.EventsAsync("app")).FirstOrDefault(e => (string?)e["reason"] == "StageTimedOut"), "a StageTimedOut Warning");
        ((string?)warning["type"]).ShouldBe("Warning");
        await EventuallyAsync(async () => (await Env.StagingWorkspacesAsync()).Count == 1 ? "" : null, "the new copy's staging workspace to go");
        var placement = (await Env.PlacementAsync())!;
        placement["spec"]!["target"].ShouldBeNull();
        ((string?)placement["spec"]!["provider"]!["path"]).ShouldBe("root:providers:internal-ca");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
        (await TryStageObjectAsync(KubeObject.Name(migration) + "-copy")).ShouldBeNull("a failed stage's objects are deleted");
        (await TryStageObjectAsync("from-app", Secrets)).ShouldBeNull();

        await Env.MetricEventuallyAsync("resource_broker_migrations_total", 1, ("state", "Failed"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing to wait for: the point is that nothing happens
        (await Env.MigrationsAsync()).Count.ShouldBe(1, "a failed move is not retried while the object is unchanged");

        await Env.SetFqdnAsync("app", "www.corp.com");
        await EventuallyAsync(async () => (await Env.MigrationsAsync()).Count == 2 ? "" : null, "a new attempt after the spec changed");
    }

    [Test]
    public async Task Template_NamingAnObjectSomeoneElseOwns_FailsTheMoveAndLeavesTheObject()
    {
        var stage = CopyStage();
        stage["templates"]!["copy"]!["metadata"] = new JsonObject { ["name"] = "shared-settings" };
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await Env.Client.Cluster(Platform).CreateAsync(ConfigMaps, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "shared-settings" },
            ["data"] = new JsonObject { ["owner"] = "someone else" },
        }, CancellationToken.None);
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var failed = Condition(await MigrationAsync(m => State(m) == "Failed", "Failed"), "Failed")!;
        ((string?)failed["reason"]).ShouldBe("TemplateRejected");
        ((string?)failed["message"]).ShouldBe(
            $"stage \"copy\": configmaps default/shared-settings already exists in the stage target root:platform and is not this migration's (no label broker.platform-mesh.io/migration-name={KubeObject.Name((await Env.MigrationsAsync())[0])})");
        ((string?)(await StageObjectAsync("shared-settings"))["data"]!["owner"]).ShouldBe("someone else", "a foreign object is neither adopted nor deleted");
        await EventuallyAsync(async () => (await Env.PlacementAsync())?["spec"]?["target"] is null ? "" : null, "the move rolled back");
    }

    [Test]
    public async Task Template_OfAKindTheStageTargetDoesNotServe_FailsTheMove()
    {
        var stage = CopyStage();
        stage["templates"]!["copy"]!["apiVersion"] = "batch/v1";
        stage["templates"]!["copy"]!["kind"] = "Job";
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var failed = Condition(await MigrationAsync(m => State(m) == "Failed", "Failed"), "Failed")!;
        ((string?)failed["reason"]).ShouldBe("TemplateRejected");
        ((string?)failed["message"]).ShouldBe("stage \"copy\": the stage target root:platform does not serve batch/v1");
        var warning = await EventuallyAsync(async () => (await Env.EventsAsync("app")).FirstOrDefault(e => (string?)e["reason"] == "TemplateRejected"), "a TemplateRejected Warning");
        ((string?)warning["message"])!.ShouldContain("stage \"copy\"");
    }

    [Test]
    public async Task FailedMove_TriedAgainWhenTheConfigurationChanges()
    {
        var stage = CopyStage();
        stage["successConditions"] = new JsonArray("copy.data.done ==");
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await PlacedInternallyAsync();
        await Env.SetFqdnAsync("app", "app.corp.com");
        await MigrationAsync(m => State(m) == "Failed", "the first attempt failed");
        await EventuallyAsync(async () => (await Env.PlacementAsync())?["status"]?["abandonedTarget"] is not null ? "" : null, "the move given up");

        // The platform team fixes it: a stage that succeeds at once.
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", new JsonObject { ["name"] = "copy", ["successConditions"] = new JsonArray("true") }));

        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        (await Env.MigrationsAsync()).Select(State).Order(StringComparer.Ordinal).ShouldBe(["CutoverCompleted", "Failed"]);
    }

    [Test]
    public async Task InvalidConfiguration_FailsTheMoveAtOnceWithTheCompilerMessage()
    {
        var stage = CopyStage();
        stage["successConditions"] = new JsonArray("copy.data.done ==");
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", stage));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        var migration = await MigrationAsync(m => State(m) == "Failed", "Failed");
        var failed = Condition(migration, "Failed")!;
        ((string?)failed["reason"]).ShouldBe("InvalidConfiguration");
        ((string?)failed["message"])!.ShouldStartWith("MigrationConfiguration certificates is invalid: stage \"copy\": successConditions[0]: 1:");
        await EventuallyAsync(async () => (await Env.PlacementAsync())?["spec"]?["target"] is null ? "" : null, "the move rolled back");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["path"]).ShouldBe("root:providers:internal-ca");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
    }

    [Test]
    public async Task EnableMigrationFalse_MovesWithoutStages()
    {
        await Env.StopBrokerAsync();
        Env.StartBroker(o => o with { EnableMigration = false, MigrationRetention = TimeSpan.FromSeconds(1) });
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage()));
        await PlacedInternallyAsync();

        await Env.SetFqdnAsync("app", "app.corp.com");

        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        (await Env.Client.Cluster(Platform).ListAllAsync(ConfigMaps, "default", new ListOptions { LabelSelector = "broker.platform-mesh.io/migration-name" }, CancellationToken.None))
            .Items.ShouldBeEmpty("no stage ran");
        await EventuallyAsync(async () => (await Env.MigrationsAsync()).Count == 0 ? "" : null, "the finished Migration deleted after the retention");
    }

    [Test]
    public async Task ConfigurationDeletedMidRun_FailsTheMove_AndRemovesItsStageObjects()
    {
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage()));
        await PlacedInternallyAsync();
        await Env.SetFqdnAsync("app", "app.corp.com");
        var name = KubeObject.Name(await MigrationAsync(m => Stage(m) == "copy" && State(m) == "InitialInProgress", "stage copy running"));
        await StageObjectAsync(name + "-copy");

        await Env.Client.Cluster(Platform).DeleteAsync(new GroupVersionResource("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations"), "default", "certificates", null, CancellationToken.None);

        var failed = Condition(await MigrationAsync(m => State(m) == "Failed", "Failed"), "Failed")!;
        ((string?)failed["message"]).ShouldBe("MigrationConfiguration certificates, whose stages this move runs, was deleted or no longer covers the move");
        await EventuallyAsync(async () => await TryStageObjectAsync(name + "-copy") is null ? "" : null, "the stage's ConfigMap removed without its configuration");
        (await TryStageObjectAsync("from-app", Secrets)).ShouldBeNull();
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
    }

    [Test]
    public async Task RestartWithMigrationsDisabled_MidStagedMove_FailsSayingSo()
    {
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage()));
        await PlacedInternallyAsync();
        await Env.SetFqdnAsync("app", "app.corp.com");
        var name = KubeObject.Name(await MigrationAsync(m => Stage(m) == "copy" && State(m) == "InitialInProgress", "stage copy running"));

        await Env.StopBrokerAsync();
        Env.StartBroker(o => o with { EnableMigration = false });

        var failed = Condition(await MigrationAsync(m => State(m) == "Failed", "Failed"), "Failed")!;
        ((string?)failed["message"]).ShouldBe("the move runs the stages of MigrationConfiguration certificates, but staged migrations are disabled (--enable-migration=false, ENABLE_MIGRATION)");
        await EventuallyAsync(async () => await TryStageObjectAsync(name + "-copy") is null ? "" : null, "the stage's ConfigMap removed");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
    }

    [Test]
    public async Task MigrationOfAnEarlierBroker_WithoutItsPlacement_IsSupersededThenDeletedAfterTheRetention()
    {
        await Env.StopBrokerAsync();
        Env.StartBroker(o => o with { MigrationRetention = TimeSpan.FromSeconds(1) });
        var gvk = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        await Env.Client.Cluster(Platform).CreateAsync(MigrationsResource, "default", new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1", ["kind"] = "Migration",
            ["metadata"] = new JsonObject { ["name"] = "m-legacy" },
            ["spec"] = new JsonObject
            {
                ["from"] = new JsonObject { ["gvk"] = gvk.DeepClone(), ["name"] = "app", ["clusterName"] = "root:platform:staging-a" },
                ["to"] = new JsonObject { ["gvk"] = gvk.DeepClone(), ["name"] = "app", ["clusterName"] = "root:platform:staging-b" },
            },
        }, CancellationToken.None);

        var failed = Condition(await MigrationAsync(m => State(m) == "Failed", "Failed"), "Failed")!;
        ((string?)failed["reason"]).ShouldBe("Superseded");
        await EventuallyAsync(async () => (await Env.MigrationsAsync()).Count == 0 ? "" : null, "deleted after the retention");
    }

    [Test]
    public async Task Restart_AtEveryStageBoundary_ResumesWithOneCutover()
    {
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates", CopyStage(), ApprovalStage()));
        await PlacedInternallyAsync();
        await Env.SetFqdnAsync("app", "app.corp.com");
        var name = KubeObject.Name(await MigrationAsync(m => Stage(m) == "copy" && State(m) == "InitialInProgress", "stage copy running"));

        await RestartAsync();
        (await MigrationAsync(m => Stage(m) == "copy", "still at stage copy")).ShouldNotBeNull();
        await StageObjectAsync(name + "-copy");
        await PatchDataAsync(name + "-copy", "done", "true");
        await MigrationAsync(m => Stage(m) == "approve" && State(m) == "InitialCompleted", "stage approve");

        await RestartAsync();
        var approval = await StageObjectAsync(name + "-approval");
        await PatchDataAsync(name + "-approval", "approved", "true");
        await Env.StopBrokerAsync(); // possibly mid-cutover
        Env.StartBroker(TimeSpan.FromMinutes(10));

        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        await MigrationAsync(m => State(m) == "CutoverCompleted", "CutoverCompleted");
        (await Env.MigrationsAsync()).Count.ShouldBe(1);
        var events = await EventuallyAsync(async () =>
        {
            var reasons = (await Env.EventsAsync("app")).Select(e => (string?)e["reason"]).ToList();
            return reasons.Contains("OldCopyDeleted") ? reasons : null;
        }, "the move's events");
        events.Count(r => r == "CutoverCompleted").ShouldBe(1, "one cutover");
        KubeObject.Label(approval, "broker.platform-mesh.io/migration-stage").ShouldBe("approve");
    }

    private static readonly GroupVersionResource Leases = new("coordination.k8s.io", "v1", "leases");

    /// <summary>Stage 1 (the initial copy): waits for the new copy, makes a ConfigMap from both copies, done when an actor sets data.done.</summary>
    private static JsonObject CopyStage() => new()
    {
        ["name"] = "copy",
        ["progress"] = true,
        ["preconditions"] = new JsonArray("to.status.status == 'Available'"),
        ["templates"] = new JsonObject
        {
            ["copy"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["data"] = new JsonObject
                {
                    ["from"] = "${from.spec.fqdn}",
                    ["to"] = "${to.spec.fqdn}",
                    ["summary"] = "${from.spec.fqdn} -> ${to.spec.fqdn} (${ \"{braces}\" } kept)",
                    ["secret"] = "from-${from.status.relatedResources.secret.name}",
                    ["done"] = "false",
                },
            },
        },
        ["successConditions"] = new JsonArray("copy.data.done == 'true'"),
    };

    /// <summary>Stage 2: an approval a person gives; reads stage 1's object.</summary>
    private static JsonObject ApprovalStage() =>
        BrokeringEnvironment.ApprovalStage(new JsonObject { ["copied"] = "${copy.data.from}", ["provider"] = "${migration.spec.to.provider}" });

    private async Task PlacedInternallyAsync()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
    }

    private async Task RestartAsync()
    {
        await Env.StopBrokerAsync();
        Env.StartBroker(TimeSpan.FromMinutes(10));
    }

    private Task<JsonObject> MigrationAsync(Func<JsonObject, bool> predicate, string what) =>
        EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(predicate), what);

    private Task<JsonObject> StageObjectAsync(string name, GroupVersionResource? resource = null) =>
        EventuallyAsync(() => TryStageObjectAsync(name, resource), $"{name} in the stage target");

    private Task<JsonObject?> TryStageObjectAsync(string name, GroupVersionResource? resource = null) =>
        Env.TryGetAsync(Env.Client.Cluster(Platform), resource ?? ConfigMaps, "default", name);

    private Task PatchDataAsync(string configMap, string key, string value) =>
        Env.Client.Cluster(Platform).PatchAsync(ConfigMaps, "default", configMap, PatchType.Merge,
            new JsonObject { ["data"] = new JsonObject { [key] = value } }, CancellationToken.None);

    private Task<List<string?>> PollSecretAsync(TimeSpan duration, string? until) => Env.PollSecretAsync("app", duration, until);

    private static string? State(JsonObject migration) => (string?)migration["status"]?["state"];

    private static string? Stage(JsonObject migration) => (string?)migration["status"]?["stage"];

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
