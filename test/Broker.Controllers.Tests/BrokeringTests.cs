using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Client;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests;

/// <summary>The broker against LocalKcp, end to end through the API: placement, status, Secrets, moves, deletion.</summary>
[NonParallelizable]
public sealed class BrokeringTests : BrokeringFixture
{
    [Test]
    public async Task Create_InternalName_PlacedOnInternalCaWithSecretAndStatus()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);

        var secret = await EventuallyAsync(() => Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"), "the Secret in the consumer namespace");
        SecretText(secret).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
        var certificate = await EventuallyAsync(async () =>
        {
            var c = await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app");
            return Condition(c, "Placed")?["status"]?.GetValue<string>() == "True" && (string?)c!["status"]?["status"] == "Available" ? c : null;
        }, "Placed=True and status Available");
        ((string?)Condition(certificate, "Placed")!["message"]).ShouldBe("placed on root:providers:internal-ca by AcceptAPI default/internal-ca-certs");
        ((string?)Condition(certificate, "Ready")!["status"]).ShouldBe("True"); // the provider's condition is kept
        ((string?)certificate["status"]!["relatedResources"]!["secret"]!["name"]).ShouldBe("app");
        ((string?)secret["metadata"]!["ownerReferences"]![0]!["name"]).ShouldBe("app");
        // The Placement's status was written from its cached record, which keeps no uid or creationTimestamp: the server's stay.
        var placement = (await Env.PlacementAsync())!;
        ((string?)placement["status"]!["phase"]).ShouldBe("Placed");
        ((string?)placement["metadata"]!["uid"]).ShouldNotBeNullOrEmpty();
        ((string?)placement["metadata"]!["creationTimestamp"]).ShouldNotBeNullOrEmpty();
        certificate["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f).ShouldContain("broker.platform-mesh.io/generic-finalizer");
        var placedEvent = await EventuallyAsync(async () => (await Env.EventsAsync("app")).FirstOrDefault(e => (string?)e["reason"] == "Placed"), "a Placed event");
        ((string?)placedEvent["type"]).ShouldBe("Normal");
        ((string?)placedEvent["message"]).ShouldBe("placed on root:providers:internal-ca by AcceptAPI default/internal-ca-certs");
        ((string?)placedEvent["involvedObject"]!["kind"]).ShouldBe("Certificate");
        ((string?)placedEvent["source"]!["component"]).ShouldBe("resource-broker");
        ((int?)(await Env.EventsAsync("app")).Single(e => (string?)e["reason"] == "Placed")["count"]).ShouldBe(1); // said once, by the pass that placed it
        var scrape = await Env.Metrics.ScrapeAsync();
        scrape.Value("resource_broker_placement_duration_seconds_count", CertificatesLabel, InternalCa).ShouldBe(1);
        scrape.Value("resource_broker_acceptapi_available", ("name", "internal-ca-certs"), ("namespace", "default"), ("workspace", "root:providers:internal-ca")).ShouldBe(1);
        scrape.Value("resource_broker_reconcile_errors_total", ("controller", "placements")).ShouldBe(0);
        scrape.Value("resource_broker_reconcile_duration_seconds_count", ("controller", "placements")).ShouldNotBeNull().ShouldBeGreaterThan(0);
        await Env.MetricEventuallyAsync("resource_broker_placements", 1, CertificatesLabel, InternalCa, ("phase", "Placed"));
    }

    [Test]
    public async Task ConsumerSecretDeletedOrEdited_BrokerWritesItBack()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        var issued = FakeIssuer.SecretText("internal-ca", "app.internal.corp");
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == issued ? "" : null, "the Secret");

        // Nothing else changes: only the owned-Secret watch can wake the Certificate.
        await Env.ConsumerClient.DeleteAsync(Secrets, "default", "app", null, CancellationToken.None);
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == issued ? "" : null, "the deleted Secret written back");

        var edited = await Env.ConsumerClient.PatchAsync(Secrets, "default", "app", PatchType.Merge,
            new JsonObject { ["data"] = new JsonObject { ["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("tampered")) } }, CancellationToken.None);
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == issued ? "" : null, "the edited Secret written back");

        // Written back from the cached Secret, which keeps no uid or creationTimestamp: the server keeps its own.
        var writtenBack = (await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"))!;
        ((string?)writtenBack["metadata"]!["uid"]).ShouldBe((string?)edited["metadata"]!["uid"]);
        ((string?)writtenBack["metadata"]!["creationTimestamp"]).ShouldBe((string?)edited["metadata"]!["creationTimestamp"]);
        ((string?)writtenBack["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldNotBeNullOrEmpty();
    }

    [Test]
    public async Task Create_NoProviderMatches_PlacedFalseWithEveryReason()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("stray", "a.example.com"), CancellationToken.None);

        var placed = await EventuallyAsync(async () =>
        {
            var condition = Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "stray"), "Placed");
            return ((string?)condition?["message"])?.Contains("external-ca", StringComparison.Ordinal) == true ? condition : null;
        }, "a Placed condition naming the providers");

        ((string?)placed["status"]).ShouldBe("False");
        ((string?)placed["reason"]).ShouldBe("NoMatchingProvider");
        ((string?)placed["message"]).ShouldBe("0/2 providers accept: external-ca: spec.fqdn \"a.example.com\" lacks suffix \"corp.com\"; internal-ca: spec.fqdn \"a.example.com\" lacks suffix \"internal.corp\"");
        (await Env.Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.ShouldBeEmpty();
        var scrape = await Env.Metrics.ScrapeAsync();
        scrape.Samples("resource_broker_placements").ShouldBeEmpty();
        scrape.Samples("resource_broker_placement_duration_seconds_count").ShouldBeEmpty();
        var warning = await EventuallyAsync(async () => (await Env.EventsAsync("stray")).FirstOrDefault(e => (string?)e["reason"] == "NoMatchingProvider"), "a NoMatchingProvider event");
        ((string?)warning["type"]).ShouldBe("Warning");
        ((string?)warning["message"]).ShouldBe((string?)placed["message"]);
    }

    [Test]
    public async Task UpdateFqdn_MovesToExternalCa_SecretNeverAbsentAndOldCopyGone()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == FakeIssuer.SecretText("internal-ca", "app.internal.corp") ? "" : null, "the internal Secret");

        await Env.SetFqdnAsync("app", "app.corp.com");

        // Poll every 50 ms: the Secret must be there every time, and switch once to the new issuer.
        var seen = new List<string?>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var secret = await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app");
            secret.ShouldNotBeNull("the Secret was absent during the move");
            seen.Add(SecretText(secret));
            if (seen[^1] == FakeIssuer.SecretText("external-ca", "app.corp.com"))
            {
                break;
            }

            await Task.Delay(50);
        }

        seen[^1].ShouldBe(FakeIssuer.SecretText("external-ca", "app.corp.com"));
        seen.Distinct().Count().ShouldBeLessThanOrEqualTo(2);
        var internalStaging = await EventuallyAsync(async () =>
        {
            var workspaces = await Env.Client.Cluster("root:platform").ListAllAsync(new GroupVersionResource("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false), null, null, CancellationToken.None);
            return workspaces.Items.Count(w => w["metadata"]?["deletionTimestamp"] is null && KubeObject.Name(w).StartsWith("staging-", StringComparison.Ordinal)) == 1 ? "" : null;
        }, "the internal-ca staging workspace to be removed");
        internalStaging.ShouldBe("");
        var placed = await EventuallyAsync(async () =>
        {
            var c = await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app");
            return (string?)Condition(c, "Placed")?["message"] == "placed on root:providers:external-ca by AcceptAPI default/external-ca-certs" ? c : null;
        }, "Placed on external-ca");
        ((string?)Condition(placed, "Migrating")!["reason"]).ShouldBe("CutoverCompleted");
        var reasons = await EventuallyAsync(async () =>
        {
            var events = (await Env.EventsAsync("app")).Select(e => (string?)e["reason"]).ToList();
            return events.Contains("OldCopyDeleted") ? events : null;
        }, "the move's events");
        reasons.ShouldBe(["Placed", "Moving", "CutoverCompleted", "OldCopyDeleted"], ignoreOrder: true);
        var scrape = await Env.Metrics.ScrapeAsync();
        scrape.Value("resource_broker_moves_total", ("result", "started"), ("from", "root:providers:internal-ca"), ("to", "root:providers:external-ca")).ShouldBe(1);
        scrape.Value("resource_broker_moves_total", ("result", "completed"), ("from", "root:providers:internal-ca"), ("to", "root:providers:external-ca")).ShouldBe(1);
        scrape.Value("resource_broker_placement_duration_seconds_count", CertificatesLabel, InternalCa).ShouldBe(1); // a move is not a new placement
        await Env.MetricEventuallyAsync("resource_broker_placements", 1, CertificatesLabel, ("provider", "root:providers:external-ca"), ("phase", "Placed"));
        (await Env.Metrics.ScrapeAsync()).Samples("resource_broker_placements").ShouldNotContain(s => s.Has(InternalCa));
    }

    [Test]
    public async Task AnotherExportOfTheSameProvider_TakesTheObject_MovesItThereAndRemovesTheOldCopy()
    {
        Env.AddCertificatesExport("internal-ca", "certificates-v2");
        var v2 = AcceptApi("internal-ca-v2", "internal.corp", priority: -1);
        v2["spec"]!["apiExportName"] = "certificates-v2";
        Env.Kcp.Bootstrap.Apply(Env.Providers["internal-ca"], v2);
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["apiExportName"]).ShouldBe("certificates");

        // The first AcceptAPI stops matching; the provider's other one, on another export, takes the object. Its copy
        // lives in another staging workspace: a move, the new copy first, then the old one and its workspace go.
        Env.Kcp.Bootstrap.Apply(Env.Providers["internal-ca"], AcceptApi("internal-ca-certs", "elsewhere.corp"));

        var moved = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app"), "Migrating") is { } c && (string?)c["reason"] == "CutoverCompleted" ? c : null, "app moved");
        ((string?)moved["message"]).ShouldBe("moved on root:providers:internal-ca from the brokered kind through export certificates to the brokered kind through export certificates-v2");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["apiExportName"]).ShouldBe("certificates-v2");
        await Eventually.UntilAsync("one staging workspace left", async () => (await Env.StagingWorkspacesAsync()).Count == 1);
        await Env.SettledOnAsync("app", "internal-ca");
    }

    [Test]
    public async Task ExportAddedWhileRunning_ItsObjectsAreBrokered()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(() => Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"), "the Secret before the new export");
        var started = Env.Client.Telemetry.StartedWatches; // the streams opened so far: a restart would open them again

        var widgets = await WidgetExport.CreateAsync(Env.Kcp, "root:platform", "widgets", CancellationToken.None);
        var consumer = await widgets.BindConsumerAsync("root:widget-consumer", CancellationToken.None);
        var widgetClient = Env.Client.Cluster(consumer.Path);
        var widgetResource = new GroupVersionResource(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
        await widgetClient.CreateAsync(widgetResource, "default", WidgetExport.Widget("w1"), CancellationToken.None);

        // No provider accepts widgets, so the broker says so on the object: proof that it watches the new export.
        var placed = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(widgetClient, widgetResource, "default", "w1"), "Placed"), "Placed on the widget", TimeSpan.FromSeconds(30));
        ((string?)placed["reason"]).ShouldBe("NoMatchingProvider");
        ((string?)placed["message"]).ShouldStartWith("0/");
        var certificate = await Env.ConsumerClient.GetAsync(Certificates, "default", "app", CancellationToken.None);
        ((string?)Condition(certificate, "Placed")!["status"]).ShouldBe("True");

        // The new export started informers of its own; the others kept theirs (issue 19: no restart).
        var now = Env.Client.Telemetry.StartedWatches;
        now["widgets.example.io"].ShouldBe(1);
        foreach (var resource in new[] { "certificates.example.platform-mesh.io", "acceptapis.broker.platform-mesh.io", "placements.broker.platform-mesh.io", "migrations.broker.platform-mesh.io" })
        {
            now[resource].ShouldBe(started[resource], $"{resource} watches opened");
        }
    }

    [Test]
    public async Task ExportRemovedWhileRunning_ItsWatchesStop_TheOthersKeepBrokering()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("first", "first.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("first", "internal-ca"); // its provider's watches open now, not during the measurement
        var widgets = await WidgetExport.CreateAsync(Env.Kcp, "root:platform", "widgets", CancellationToken.None);
        var consumer = await widgets.BindConsumerAsync("root:widget-consumer-2", CancellationToken.None);
        var widgetClient = Env.Client.Cluster(consumer.Path);
        var widgetResource = new GroupVersionResource(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
        await widgetClient.CreateAsync(widgetResource, "default", WidgetExport.Widget("w1"), CancellationToken.None);
        await EventuallyAsync(async () => Condition(await Env.TryGetAsync(widgetClient, widgetResource, "default", "w1"), "Placed"), "the widget export brokered", TimeSpan.FromSeconds(30));
        var started = Env.Client.Telemetry.StartedWatches;

        await Env.Client.Cluster("root:platform").DeleteAsync(new GroupVersionResource("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false), null, "widgets", null, CancellationToken.None);

        await EventuallyAsync(() => Task.FromResult(Env.Client.Telemetry.OpenWatches.ContainsKey("widgets.example.io") ? null : ""), "the removed export's watches to stop");
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        foreach (var resource in new[] { "certificates.example.platform-mesh.io", "acceptapis.broker.platform-mesh.io", "placements.broker.platform-mesh.io" })
        {
            Env.Client.Telemetry.StartedWatches[resource].ShouldBe(started[resource], $"{resource} watches reopened: the others restarted");
        }
    }

    [Test]
    public async Task Delete_RemovesCopySecretAndPlacementThenReleases()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(() => Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"), "the Secret");

        await Env.ConsumerClient.DeleteAsync(Certificates, "default", "app", null, CancellationToken.None);

        await EventuallyAsync(async () => await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app") is null ? "" : null, "the Certificate to be released");
        (await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBeNull();
        (await Env.Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.ShouldBeEmpty();
    }

    // The Placement cache can be behind the server: a Placement made a moment ago, or a watch that is reconnecting
    // (the kill-anywhere sweep's LocalKcp kills). A deletion must still remove the copy and the Secret before the
    // finalizer goes; from the cache alone, the object looked never placed and was let go with its copy left behind.
    [Test]
    public async Task Delete_PlacementCacheBehind_RemovesCopyAndSecretBeforeReleasing()
    {
        // A first object gets the staging workspace ready (its preparation follows the Placements, through their cache).
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("first", "first.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("first", "internal-ca");
        var staging = (await Env.StagingWorkspacesAsync()).Single();
        Env.Kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 500, PathContains: "/placements?")); // lists and watches only
        Env.Kcp.Server.Faults.DropWatches();
        try
        {
            await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
            await EventuallyAsync(() => Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"), "the Secret");

            await Env.ConsumerClient.DeleteAsync(Certificates, "default", "app", null, CancellationToken.None);

            await EventuallyAsync(async () => await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app") is null ? "" : null, "the Certificate to be released");
            (await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBeNull();
            (await Env.TryGetAsync(Env.Client.Cluster("root:platform:" + staging), Certificates, "default", "app")).ShouldBeNull(); // its copy
        }
        finally
        {
            Env.Kcp.Server.Faults.Clear();
        }

        (await Env.Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.Count.ShouldBe(1); // the first object's
    }

    // Found by the kill-anywhere sweep (localkcp deletion, 2 runs of 6): the owned Secrets' cache can be synced and yet
    // behind (its watch reconnecting after a LocalKcp restart). Releasing a deleted object listed the Secrets to remove
    // from it, found none, and the finalizer went with the Secret left behind for good. The cache here is one that has
    // not seen the Secret.
    [Test]
    public async Task RemoveAll_SecretCacheBehind_DeletesTheSecretTheServerHolds()
    {
        var owner = Broker.Controllers.Naming.BrokerNames.OwnerValue(Certificates, "default", "behind");
        await Env.ConsumerClient.CreateAsync(Secrets, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "behind", ["labels"] = new JsonObject { [Broker.Controllers.Naming.BrokerNames.OwnerLabel] = owner } },
            ["data"] = new JsonObject { ["tls.crt"] = "eA==" },
        }, CancellationToken.None);
        using var behind = new Broker.Runtime.Cache.ObjectStore(Secrets);
        var cache = new Broker.Controllers.Related.StoreRelatedCache(Secrets, behind, () => true, KubeObject.Cluster(await Env.ConsumerClient.GetAsync(Secrets, "default", "behind", CancellationToken.None)));

        await Broker.Controllers.Related.RelatedObjects.RemoveAllAsync(new Broker.Controllers.Related.RelatedView(Env.ConsumerClient, cache), Certificates, "default", "behind", CancellationToken.None);

        (await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "behind")).ShouldBeNull();
    }

    [Test]
    public async Task Restart_WhenSettled_WritesNothing()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        await Task.Delay(TimeSpan.FromSeconds(1)); // let the last status writes land: idle means converged
        var before = await ObjectsAsync("app");

        await Env.StopBrokerAsync();
        Env.StartBroker(TimeSpan.FromMinutes(10));
        await EventuallyAsync(() => Task.FromResult(Env.Broker.IsReady ? "" : null), "the restarted broker to sync");
        await Task.Delay(TimeSpan.FromSeconds(2)); // every object has been reconciled again by now

        (await ObjectsAsync("app")).ShouldBe(before); // same resourceVersions, nothing rewritten
    }

    [Test]
    public async Task Restart_StagingWorkspaceSlowToConfirm_PlacedObjectKeepsItsStatus()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await ObjectsAsync("app");
        await Env.StopBrokerAsync();

        // A restarted broker confirms each staging workspace (its binding) before it uses it; under load that can take
        // longer than the grace after which a new object is told it is being placed. A placed object is not new.
        Env.Kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 500, PathContains: "/apibindings/"));
        try
        {
            Env.StartBroker(TimeSpan.FromMinutes(10));
            await EventuallyAsync(() => Task.FromResult(Env.Broker.IsReady ? "" : null), "the restarted broker to sync");
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the grace of a new object's placing

            (await ObjectsAsync("app")).ShouldBe(before);
        }
        finally
        {
            Env.Kcp.Server.Faults.Clear();
        }
    }

    [Test]
    public async Task Restart_StagingWorkspaceStaysUnusable_OneWarningEventThenQuietAgainOnceItWorks()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        await Env.StopBrokerAsync();

        Env.Kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 500, PathContains: "/apibindings/"));
        try
        {
            Env.StartBroker(TimeSpan.FromMinutes(10), stagingWarningAfter: TimeSpan.FromSeconds(1.5));
            var warning = await EventuallyAsync(
                async () => (await Env.EventsAsync("app")).FirstOrDefault(e => (string?)e["reason"] == "StagingWorkspaceUnavailable"), "a StagingWorkspaceUnavailable event");
            ((string?)warning["type"]).ShouldBe("Warning");
            ((string?)warning["message"]).ShouldStartWith("still preparing the staging workspace for root:providers:internal-ca");
            ((string?)warning["message"])!.ShouldContain("500");
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // more passes, each finding the workspace unusable
            ((int?)(await Env.EventsAsync("app")).Single(e => (string?)e["reason"] == "StagingWorkspaceUnavailable")["count"]).ShouldBe(1);
            Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app"), "Placed")!["status"]!.GetValue<string>().ShouldBe("True");
        }
        finally
        {
            Env.Kcp.Server.Faults.Clear();
        }

        // Usable again: the object is checked once more and nothing else is said.
        await Env.SetFqdnAsync("app", "www.internal.corp");
        await Env.SettledOnAsync("app", "internal-ca", "www.internal.corp");
        ((int?)(await Env.EventsAsync("app")).Single(e => (string?)e["reason"] == "StagingWorkspaceUnavailable")["count"]).ShouldBe(1);
    }

    [Test]
    public async Task ConsumerLabelAndSpecEdited_TheCopyFollows_AndALabelRemovedGoesToo()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        var staging = Env.Client.Cluster("root:platform:" + (await Env.StagingWorkspacesAsync()).Single());

        // Merge patches, as kubectl sends them: the broker writes the object's status meanwhile, so an update of what the
        // test read last could meet a conflict.
        await Env.ConsumerClient.PatchAsync(Certificates, "default", "app", PatchType.Merge, new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "b" } },
            ["spec"] = new JsonObject { ["fqdn"] = "web.internal.corp" }, // the same provider accepts it: the copy is updated, not moved
        }, CancellationToken.None);
        await EventuallyAsync(async () =>
        {
            var c = await Env.TryGetAsync(staging, Certificates, "default", "app");
            return (string?)c?["metadata"]?["labels"]?["team"] == "b" && (string?)c["spec"]?["fqdn"] == "web.internal.corp" ? c : null;
        }, "the label and the new fqdn on the copy");

        await Env.ConsumerClient.PatchAsync(Certificates, "default", "app", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = null } }, CancellationToken.None);
        var copy = await EventuallyAsync(async () =>
        {
            var c = await Env.TryGetAsync(staging, Certificates, "default", "app");
            return c?["metadata"]?["labels"]?["team"] is null ? c : null;
        }, "the label gone from the copy");
        ((string?)copy["spec"]!["fqdn"]).ShouldBe("web.internal.corp");
    }

    [Test]
    public async Task StagingWorkspaceDeletedByHand_PreparedAgainAndTheCopyRecreated()
    {
        var workspaces = new GroupVersionResource("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        var name = (await Env.StagingWorkspacesAsync()).Single();
        var platform = Env.Client.Cluster("root:platform");
        var before = (string?)(await platform.GetAsync(workspaces, null, name, CancellationToken.None))["spec"]!["cluster"];

        await platform.DeleteAsync(workspaces, null, name, null, CancellationToken.None);

        // A new workspace under the same name (another logical cluster), with the copy in it and the provider's status;
        // the consumer's Secret stays all along.
        var secretAbsent = false;
        var copy = await EventuallyAsync(async () =>
        {
            secretAbsent |= await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app") is null;
            var workspace = await Env.TryGetAsync(platform, workspaces, null, name);
            if ((string?)workspace?["status"]?["phase"] != "Ready" || (string?)workspace["spec"]?["cluster"] == before)
            {
                return null;
            }

            var again = await Env.TryGetAsync(Env.Client.Cluster("root:platform:" + name), Certificates, "default", "app");
            return (string?)again?["status"]?["status"] == "Available" ? again : null;
        }, "the copy in the staging workspace made again", TimeSpan.FromSeconds(30));
        ((string?)copy["spec"]!["fqdn"]).ShouldBe("app.internal.corp");
        await Env.SettledOnAsync("app", "internal-ca");
        secretAbsent.ShouldBeFalse();
    }

    // A read the broker needs at start (the platform's exports) or for a cache routing waits for (Placements), refused:
    // it waits, saying which permission on /readyz, and brokers once the operator grants it.
    [TestCase("/apiexports", "missing permission: ")]
    [TestCase("/placements", "missing permission: list placements.broker.platform-mesh.io in ")]
    public async Task Start_ReadRefused_WaitsSayingWhichPermissionThenBrokersOnceGranted(string path, string said)
    {
        await Env.StopBrokerAsync();
        Env.Kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 403, PathContains: path));
        try
        {
            Env.StartBroker(TimeSpan.FromMinutes(10));
            var waiting = await EventuallyAsync(() => Task.FromResult(Env.Broker.Waiting), "the broker to report the refusal");
            waiting.ShouldStartWith(said);
            Env.Broker.IsReady.ShouldBeFalse();
        }
        finally
        {
            Env.Kcp.Server.Faults.Clear(); // the operator grants the permission
        }

        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        Env.Broker.Waiting.ShouldBeNull();
    }

    [Test]
    public async Task Move_OldCopyHeldByItsProvidersFinalizer_IsAskedToGoOnce()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == FakeIssuer.SecretText("internal-ca", "app.internal.corp") ? "" : null, "the internal Secret");
        var oldStaging = Env.Client.Cluster("root:platform:" + (await Env.StagingWorkspacesAsync()).Single());
        await oldStaging.PatchAsync(Certificates, "default", "app", PatchType.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("issuer.example/cleanup") } }, CancellationToken.None);
        var writes = Env.Kcp.Server.Faults.CutWritesAfter(int.MaxValue, "resource-broker");
        try
        {
            await Env.SetFqdnAsync("app", "app.corp.com");

            await EventuallyAsync(async () => (await Env.TryGetAsync(oldStaging, Certificates, "default", "app"))?["metadata"]?["deletionTimestamp"] is null ? null : "",
                "the old copy being deleted, held by its provider's finalizer");
            await Task.Delay(TimeSpan.FromSeconds(1)); // nothing to wait for: the point is that the broker does not ask again
            await oldStaging.PatchAsync(Certificates, "default", "app", PatchType.Merge,
                new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, CancellationToken.None);

            await EventuallyAsync(async () => await Env.TryGetAsync(oldStaging, Certificates, "default", "app") is null ? "" : null, "the old copy gone");
            await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
            // One DELETE while the finalizer holds the copy; a 404 once it is gone confirms it (a copy the cache does not
            // show may be one just made, so absence alone is not taken as gone).
            var deletes = writes.Log.Where(w => w.StartsWith("DELETE ", StringComparison.Ordinal) && w.Contains("/certificates/app ", StringComparison.Ordinal)).ToList();
            deletes.Count(w => w.EndsWith(" 200", StringComparison.Ordinal)).ShouldBe(1, string.Join("; ", deletes));
            deletes.Count.ShouldBeLessThanOrEqualTo(2, string.Join("; ", deletes));
        }
        finally
        {
            Env.Kcp.Server.Faults.Clear();
        }
    }

    [Test]
    public async Task Restart_InTheMiddleOfAMove_ConvergesWithOneCopy()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        Issuer.Stalled.Add("external-ca");
        await Env.SetFqdnAsync("app", "app.corp.com");
        await EventuallyAsync(async () => (await Env.PlacementAsync())?["spec"]?["target"] is not null ? "" : null, "the move to be recorded");

        await Env.StopBrokerAsync();
        Issuer.Stalled.Clear();
        Env.StartBroker(TimeSpan.FromMinutes(10));

        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        await EventuallyAsync(async () => (await Env.StagingWorkspacesAsync()).Count == 1 ? "" : null, "one staging workspace left");
        var placement = await Env.PlacementAsync();
        placement!["spec"]!["target"].ShouldBeNull();
        placement["spec"]!["previous"].ShouldBeNull();
    }

    [Test]
    public async Task Move_NewCopyNeverReady_AbandonedAfterCutoverTimeoutKeepingTheOldPlacement()
    {
        await Env.StopBrokerAsync();
        Env.StartBroker(TimeSpan.FromSeconds(2));
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");
        Issuer.Stalled.Add("external-ca");

        await Env.SetFqdnAsync("app", "app.corp.com");

        var migrating = await EventuallyAsync(async () =>
        {
            var condition = Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app"), "Migrating");
            return (string?)condition?["reason"] == "CutoverTimedOut" ? condition : null;
        }, "Migrating=False CutoverTimedOut");
        ((string?)migrating["status"]).ShouldBe("False");
        ((string?)migrating["message"]).ShouldBe("the move to root:providers:external-ca was abandoned: its copy did not become ready within 00:00:02; staying on root:providers:internal-ca");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
        await EventuallyAsync(async () => (await Env.StagingWorkspacesAsync()).Count == 1 ? "" : null, "the abandoned target's staging workspace to go");
        var placement = await Env.PlacementAsync();
        placement!["spec"]!["target"].ShouldBeNull();
        ((string?)placement["spec"]!["provider"]!["path"]).ShouldBe("root:providers:internal-ca");
        (await Env.Metrics.ScrapeAsync()).Value("resource_broker_moves_total", ("result", "abandoned"), ("from", "root:providers:internal-ca"), ("to", "root:providers:external-ca")).ShouldBe(1);
    }

    [Test]
    public async Task Move_WithMigrationConfiguration_RecordsMigrationUntilCutoverCompleted()
    {
        Env.Kcp.Bootstrap.Apply(Env.Platform, MigrationConfiguration("certificates"));
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");

        await Env.SetFqdnAsync("app", "app.corp.com");

        await Env.SettledOnAsync("app", "external-ca", "app.corp.com");
        var migration = await EventuallyAsync(async () => (await Env.Client.Cluster("root:platform").ListAllAsync(MigrationsResource, "default", null, CancellationToken.None)).Items.SingleOrDefault(), "a Migration");
        ((string?)migration["status"]!["state"]).ShouldBe("CutoverCompleted");
        ((string?)migration["spec"]!["to"]!["gvk"]!["kind"]).ShouldBe("Certificate");
        migration.ToJsonString().ShouldNotContain(Env.Consumer.Name); // staging workspaces, not consumer names
    }

    [Test]
    public async Task AcceptApiDeleted_NothingElseMatches_StaysAndSaysWhy()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");

        await Env.Client.Cluster("root:providers:internal-ca").DeleteAsync(AcceptApiResource, "default", "internal-ca-certs", null, CancellationToken.None);

        var placed = await EventuallyAsync(async () =>
        {
            var condition = Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app"), "Placed");
            return (string?)condition?["status"] == "False" ? condition : null;
        }, "Placed=False");
        ((string?)placed["message"]).ShouldBe("staying on root:providers:internal-ca, which no longer accepts the object, because no other provider does: 0/1 providers accept: external-ca: spec.fqdn \"app.internal.corp\" lacks suffix \"corp.com\"");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));

        // A provider that starts accepting the name takes it over.
        Env.Kcp.Bootstrap.Apply(Env.Providers["external-ca"], AcceptApi("also-internal", "internal.corp"));
        await Env.SettledOnAsync("app", "external-ca");
    }

    [Test]
    public async Task AcceptApi_InvalidFilter_AvailableFalseWithCompilerMessage()
    {
        Env.Kcp.Bootstrap.Apply(Env.Providers["external-ca"], new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "AcceptAPI",
            ["metadata"] = new JsonObject { ["name"] = "broken", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["gvr"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["resource"] = "certificates" },
                ["apiExportName"] = "certificates",
                ["filters"] = new JsonArray(new JsonObject { ["key"] = "metadata.uid", ["valueIn"] = new JsonArray("x") }),
            },
        });

        var available = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.Client.Cluster("root:providers:external-ca"), AcceptApiResource, "default", "broken"), "Available"), "an Available condition");
        ((string?)available["status"]).ShouldBe("False");
        ((string?)available["reason"]).ShouldBe("InvalidSpec");
        ((string?)available["message"]).ShouldStartWith("spec.filters[0].key \"metadata.uid\" names an unknown metadata field");
        var valid = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.Client.Cluster("root:providers:external-ca"), AcceptApiResource, "default", "external-ca-certs"), "Available"), "the valid AcceptAPI's condition");
        ((string?)valid["reason"]).ShouldBe("ProviderReady");
    }

    [Test]
    public async Task AcceptApi_ExportMissing_AvailableFalse()
    {
        var acceptApi = AcceptApi("wrong-export", "example.org");
        acceptApi["spec"]!["apiExportName"] = "no-such-export";
        Env.Kcp.Bootstrap.Apply(Env.Providers["external-ca"], acceptApi);

        var available = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.Client.Cluster("root:providers:external-ca"), AcceptApiResource, "default", "wrong-export"), "Available"), "an Available condition");
        ((string?)available["reason"]).ShouldBe("ExportNotFound");
        ((string?)available["message"]).ShouldBe("APIExport no-such-export does not exist in root:providers:external-ca");
    }

    [Test]
    public async Task SecondConsumer_SeesOnlyItsOwnObjects_ProvidersSeeNoConsumerNames()
    {
        var second = await Env.AddConsumerAsync("root:team-b", CancellationToken.None);
        var secondClient = Env.Client.Cluster(second.Path);
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "a.internal.corp"), CancellationToken.None);
        await secondClient.CreateAsync(Certificates, "default", Certificate("app", "b.internal.corp"), CancellationToken.None);

        await Env.SettledOnAsync("app", "internal-ca", "a.internal.corp");
        await EventuallyAsync(async () => SecretText(await Env.TryGetAsync(secondClient, Secrets, "default", "app")) == FakeIssuer.SecretText("internal-ca", "b.internal.corp") ? "" : null, "team-b's own Secret");
        SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")).ShouldBe(FakeIssuer.SecretText("internal-ca", "a.internal.corp"));

        var staging = await Env.StagingWorkspacesAsync();
        staging.Count.ShouldBe(2);
        foreach (var workspace in staging)
        {
            var text = (await Env.Client.Cluster("root:platform:" + workspace).ListAllAsync(Certificates, null, null, CancellationToken.None)).Items.Single().ToJsonString();
            foreach (var consumer in new[] { Env.Consumer, second })
            {
                text.ShouldNotContain(consumer.Name);
                text.ShouldNotContain(consumer.Path);
                workspace.ShouldNotContain(consumer.Name);
            }
        }
    }

    /// <summary>Every object the broker writes for <paramref name="name"/>, as JSON, in a fixed order.</summary>
    private async Task<string[]> ObjectsAsync(string name)
    {
        var objects = new List<JsonObject>
        {
            await Env.ConsumerClient.GetAsync(Certificates, "default", name, CancellationToken.None),
            await Env.ConsumerClient.GetAsync(Secrets, "default", name, CancellationToken.None),
            (await Env.PlacementAsync())!,
        };
        foreach (var workspace in await Env.StagingWorkspacesAsync())
        {
            objects.Add(await Env.Client.Cluster("root:platform:" + workspace).GetAsync(Certificates, "default", name, CancellationToken.None));
        }

        return [.. objects.Select(o => o.ToJsonString())];
    }
}
