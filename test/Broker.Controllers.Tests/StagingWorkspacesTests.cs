using System.Diagnostics.Metrics;
using System.Reactive.Linq;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Controllers.Staging;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Testing.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using k8s.Models;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Tests;

/// <summary>
/// The staging-workspace controller prepares the workspace of a (consumer, provider export) pair once, for the Placements
/// that name it, and announces it ready; it makes none that no Placement names.
/// </summary>
public sealed class StagingWorkspacesTests
{
    private static readonly GroupVersionResource Workspaces = new("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);
    private BrokeringEnvironment _env = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _env = await BrokeringEnvironment.StartAsync();
        await _env.StopBrokerAsync(); // these tests run the staging controller alone
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _env.DisposeAsync();

    [Test]
    public async Task ManyPlacements_OneWorkspaceAndBinding_AnnouncedOnce()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("internal-ca", "certificates");
        var name = BrokerNames.StagingWorkspace("consumer-a", provider.Cluster, "certificates");
        var announced = new List<string>();
        using var listening = controller.Staging.Ready.Where(n => n == name).Subscribe(n => { lock (announced) { announced.Add(n); } });
        for (var i = 0; i < 20; i++)
        {
            await controller.PlaceAsync($"a-{i}", "consumer-a", provider);
            controller.Staging.TryGet("consumer-a", provider, placementName: $"consumer-a-a-{i}"); // as each object's pass asks
        }

        var ready = await controller.ReadyAsync("consumer-a", provider);

        ready.Path.ShouldBe($"root:platform:{name}");
        controller.Staging.Preparing("consumer-a", provider).ShouldBeNull();
        var workspaces = await _env.Client.Cluster("root:platform").ListAllAsync(Workspaces, null, null, CancellationToken.None);
        workspaces.Items.Count(w => KubeObject.Name(w) == ready.Name).ShouldBe(1);
        var binding = await _env.Client.Cluster(ready.Path).GetAsync(new GroupVersionResource("apis.kcp.io", "v1alpha2", "apibindings", Namespaced: false), null, "certificates", CancellationToken.None);
        ((string?)binding["status"]!["phase"]).ShouldBe("Bound");
        var workspace = workspaces.Items.Single(w => KubeObject.Name(w) == ready.Name);
        ready.Cluster.ShouldBe((string?)workspace["spec"]!["cluster"]);
        ready.Client.Cluster.ShouldBe(ClusterPath.Parse(ready.Cluster), "writes name the logical cluster their watch events carry");
        lock (announced)
        {
            announced.Count.ShouldBe(1, "announced once, however many Placements name it");
        }
    }

    [Test]
    public async Task ReadyBeforeAnyPassAsked_AnnouncedToNobody()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("external-ca", "certificates");
        var name = BrokerNames.StagingWorkspace("consumer-l", provider.Cluster, "certificates");
        var announced = 0;
        using var listening = controller.Staging.Ready.Where(n => n == name).Subscribe(_ => Interlocked.Increment(ref announced));

        await controller.PlaceAsync("l", "consumer-l", provider); // what a restart finds: Placements, no pass waiting yet
        await controller.ReadyAsync("consumer-l", provider);

        Volatile.Read(ref announced).ShouldBe(0, "no object waited, so none is queued again");
    }

    [Test]
    public async Task WorkspaceProgress_QueuesTheWorkspace_WithoutWaitingForAPoll()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("external-ca", "certificates");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await controller.PlaceAsync("c", "consumer-c", provider);
        await controller.ReadyAsync("consumer-c", provider);

        // Created, scheduled, initialized, ready: each step waits for the watch; without it each would wait for a 5 s poll.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
    }

    [Test]
    public async Task PlacementsNamingAReadyWorkspace_QueueItNoMore()
    {
        using var passes = new ReconcilePasses(StagingController.Name);
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("internal-ca", "certificates");
        var name = BrokerNames.StagingWorkspace("consumer-m", provider.Cluster, "certificates");
        await controller.PlaceAsync("m-0", "consumer-m", provider);
        await controller.ReadyAsync("consumer-m", provider);
        var before = passes.Of(name);

        for (var i = 1; i <= 5; i++)
        {
            await controller.PlaceAsync($"m-{i}", "consumer-m", provider); // more objects of the same pair
        }

        await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(controller.Records.UsingStaging(name).Count() == 6 ? "" : null), "the cache to show the six Placements");
        // Another pair prepared after them: the queue has worked whatever those Placements queued before it.
        await controller.PlaceAsync("n", "consumer-n", provider);
        await controller.ReadyAsync("consumer-n", provider);

        passes.Of(name).ShouldBe(before, "a ready workspace's pass would change nothing");
        passes.Of(BrokerNames.StagingWorkspace("consumer-n", provider.Cluster, "certificates")).ShouldBeGreaterThan(0, "a Placement naming a workspace not in hand still queues it");
    }

    [Test]
    public async Task WorkspaceChanges_WakeOnReadyAndDeletion_NotOnEarlierPhases()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var name = "wake-on-ready";
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // What the cache holds as each change is announced (after the write): the phase, or gone.
        using var listening = controller.Staging.Changes.Where(n => n == name).Subscribe(n =>
            seen.Enqueue(controller.Staging.ReadAsync(n, CancellationToken.None).Result is { } w ? (string?)w["metadata"]?["deletionTimestamp"] is null ? (string?)w["status"]?["phase"] ?? "" : "deleting" : "gone"));
        var root = _env.Client.Cluster("root:platform");
        await root.CreateAsync(Workspaces, null, new JsonObject
        {
            ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { [BrokerNames.StagingLabel] = "true" } },
        }, CancellationToken.None);
        await BrokeringEnvironment.EventuallyAsync(() => Task.FromResult(seen.Contains("Ready") ? "" : null), "the Ready workspace's change");

        await root.DeleteAsync(Workspaces, null, name, null, CancellationToken.None);

        await BrokeringEnvironment.EventuallyAsync(() => Task.FromResult(seen.Contains("gone") ? "" : null), "the deletion's change");
        seen.Except(["Ready", "deleting", "gone"]).ShouldBeEmpty("Scheduling and Initializing wake nobody");
    }

    [Test]
    public async Task WorkspaceWithoutTheStagingLabel_IsFoundAndUsed()
    {
        // The watch selects labelled workspaces; one made by hand (or by an older broker) under the same name is not in it.
        var provider = Reference("internal-ca", "certificates");
        var name = BrokerNames.StagingWorkspace("consumer-d", provider.Cluster, "certificates");
        await _env.Client.Cluster("root:platform").CreateAsync(Workspaces, null, new JsonObject
        {
            ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = name },
        }, CancellationToken.None);
        await BrokeringEnvironment.EventuallyAsync(
            async () => (string?)(await _env.Client.Cluster("root:platform").GetAsync(Workspaces, null, name, CancellationToken.None))["status"]?["phase"] == "Ready" ? "" : null,
            "the unlabelled workspace to be ready");
        await using var controller = await StagingHarness.StartAsync(_env);

        await controller.PlaceAsync("d", "consumer-d", provider);

        (await controller.ReadyAsync("consumer-d", provider)).Name.ShouldBe(name);
    }

    [Test]
    public async Task ExportMissing_TheProblemIsShown_AndPreparationStopsWithItsPlacement()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("internal-ca", "no-such-export");
        await controller.PlaceAsync("b", "consumer-b", provider);

        var problem = await BrokeringEnvironment.EventuallyAsync(() => Task.FromResult(controller.Staging.Preparing("consumer-b", provider)?.Problem), "the preparation's problem");

        problem.ShouldContain("no-such-export");
        controller.Staging.TryGet("consumer-b", provider).ShouldBeNull("the workspace is not ready");
        await controller.UnplaceAsync("b", "consumer-b", provider);
        await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(controller.Staging.Preparing("consumer-b", provider) is null ? "" : null), "the preparation to stop with its Placement");
    }

    [Test]
    public async Task NoPlacement_NoWorkspace()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("external-ca", "certificates");

        controller.Staging.TryGet("consumer-g", provider).ShouldBeNull();
        controller.Staging.Preparing("consumer-g", provider).ShouldBeNull("a look without a Placement asks for nothing");
        await controller.PlaceAsync("h", "consumer-h", provider); // another pair: once it is ready, the queue has been worked
        await controller.ReadyAsync("consumer-h", provider);

        var name = BrokerNames.StagingWorkspace("consumer-g", provider.Cluster, "certificates");
        (await _env.TryGetAsync(_env.Client.Cluster("root:platform"), Workspaces, null, name)).ShouldBeNull("no Placement names it");
    }

    [Test]
    public async Task AskedForByAPassWhosePlacementIsGone_NoWorkspace()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("external-ca", "certificates");

        // A pass that asked just before its object was released: its demand is checked against the server's record.
        controller.Staging.TryGet("consumer-j", provider, placementName: "consumer-j-released").ShouldBeNull();
        await controller.PlaceAsync("k", "consumer-k", provider);
        await controller.ReadyAsync("consumer-k", provider);

        var name = BrokerNames.StagingWorkspace("consumer-j", provider.Cluster, "certificates");
        (await _env.TryGetAsync(_env.Client.Cluster("root:platform"), Workspaces, null, name)).ShouldBeNull("no Placement on the server names it");
        await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(controller.Staging.Preparing("consumer-j", provider) is null ? "" : null), "the stale demand dropped");
    }

    [Test]
    public async Task ReadyWorkspaceDeletedBySomeoneElse_IsPreparedAgain()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var provider = Reference("internal-ca", "certificates");
        await controller.PlaceAsync("i", "consumer-i", provider);
        var first = await controller.ReadyAsync("consumer-i", provider);

        await _env.Client.Cluster("root:platform").DeleteAsync(Workspaces, null, first.Name, null, CancellationToken.None);

        var second = await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(controller.Staging.TryGet("consumer-i", provider) is { } ready && ready.Cluster != first.Cluster ? ready : null),
            "the workspace made again, with a new logical cluster");
        second.Path.ShouldBe(first.Path);
    }

    [Test]
    public async Task Watches_LastWorkspaceOfAProviderExportStopped_ItsWatchesStop()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        await using var watches = new StagingWatches(_env.Client, (_, _, _, _) => { }, new OwnWrites([]), TimeProvider.System, NullLoggerFactory.Instance);
        var provider = Reference("internal-ca", "certificates");
        await controller.PlaceAsync("s1", "consumer-s1", provider);
        await controller.PlaceAsync("s2", "consumer-s2", provider);
        var first = await controller.ReadyAsync("consumer-s1", provider);
        var second = await controller.ReadyAsync("consumer-s2", provider);
        int Open(string resource) => _env.Client.Telemetry.OpenWatches.GetValueOrDefault(resource);
        var before = (Certificates: Open("certificates.example.platform-mesh.io"), Secrets: Open("secrets"));

        await watches.EnsureAsync(first, provider, "consumer-s1", BrokeringEnvironment.Certificates, null, CancellationToken.None);
        await watches.EnsureAsync(second, provider, "consumer-s2", BrokeringEnvironment.Certificates, null, CancellationToken.None);
        await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(Open("certificates.example.platform-mesh.io") > before.Certificates && Open("secrets") > before.Secrets ? "" : null),
            "the export's watches of copies and Secrets open");
        watches.ProviderExports.ShouldBe(1);

        await watches.StopAsync(first.Name);
        watches.ProviderExports.ShouldBe(1, "the other workspace still reads through them");

        await watches.StopAsync(second.Name);
        watches.ProviderExports.ShouldBe(0);
        await BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult(Open("certificates.example.platform-mesh.io") == before.Certificates && Open("secrets") == before.Secrets ? "" : null),
            "the export's watches closed");

        // Used again: watched again.
        await watches.EnsureAsync(second, provider, "consumer-s2", BrokeringEnvironment.Certificates, null, CancellationToken.None);
        watches.ProviderExports.ShouldBe(1);
    }

    [Test]
    public async Task Watches_WorkspaceMadeAgainUnderItsPath_FollowTheNewLogicalCluster()
    {
        await using var controller = await StagingHarness.StartAsync(_env);
        var staging = controller.Staging;
        await using var watches = new StagingWatches(_env.Client, (_, _, _, _) => { }, new OwnWrites([]), TimeProvider.System, NullLoggerFactory.Instance);
        var provider = Reference("internal-ca", "certificates");
        await controller.PlaceAsync("e", "consumer-e", provider);
        await controller.PlaceAsync("f", "consumer-f", provider);
        var first = await controller.ReadyAsync("consumer-e", provider);
        var second = await controller.ReadyAsync("consumer-f", provider);
        foreach (var (workspace, fqdn) in new[] { (first, "first.internal.corp"), (second, "second.internal.corp") })
        {
            await staging.EnsureNamespaceAsync(workspace, "default", CancellationToken.None);
            await workspace.Client.CreateAsync(BrokeringEnvironment.Certificates, "default", new JsonObject
            {
                ["apiVersion"] = "example.platform-mesh.io/v1alpha1", ["kind"] = "Certificate",
                ["metadata"] = new JsonObject { ["name"] = "app" }, ["spec"] = new JsonObject { ["fqdn"] = fqdn },
            }, CancellationToken.None);
        }

        await watches.EnsureAsync(first, provider, "consumer-e", BrokeringEnvironment.Certificates, null, CancellationToken.None);
        (await CopyFqdnAsync(watches, first)).ShouldBe("first.internal.corp");

        // The same path, now another logical cluster: what a workspace removed and made again looks like.
        var madeAgain = first with { Cluster = second.Cluster };
        await watches.EnsureAsync(madeAgain, provider, "consumer-e", BrokeringEnvironment.Certificates, null, CancellationToken.None);

        (await CopyFqdnAsync(watches, madeAgain)).ShouldBe("second.internal.corp");
        watches.Copy(first, BrokeringEnvironment.Certificates, "default", "app", out var known).ShouldBeNull();
        known.ShouldBeFalse("the old logical cluster is no longer watched");
    }


    /// <summary>The staging controller alone, fed by a Placement cache of its own; Placements are written as the placement controller would.</summary>
    private sealed class StagingHarness : IAsyncDisposable
    {
        private readonly WorkspaceInformer _placements;
        private readonly Meter _meter = new("staging-tests");
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        private StagingHarness(BrokeringEnvironment env)
        {
            _placements = new WorkspaceInformer(env.Client.Cluster("root:platform"), PlacementRecords.Resource, TimeProvider.System, NullLoggerFactory.Instance, PlacementRecords.ByStagingWorkspace);
            Records = new PlacementRecords(env.Client.Cluster("root:platform"), env.Platform.Name, _placements.Store);
            Staging = new StagingWorkspaces(env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        }

        public StagingWorkspaces Staging { get; }

        public PlacementRecords Records { get; }

        public static async Task<StagingHarness> StartAsync(BrokeringEnvironment env)
        {
            var harness = new StagingHarness(env);
            harness._placements.Start();
            await harness._placements.WaitForSyncAsync(CancellationToken.None);
            await harness.Staging.WaitForSyncAsync(CancellationToken.None);
            harness._running = new StagingController(harness.Staging, harness.Records, env.Client, harness._meter, TimeProvider.System, NullLoggerFactory.Instance)
                .RunAsync(harness._stop.Token);
            return harness;
        }

        public Task PlaceAsync(string name, string consumerCluster, ProviderReference provider) =>
            Records.CreateAsync(new PlacementRecord
            {
                Metadata = new V1ObjectMeta { Name = $"{consumerCluster}-{name}" },
                Spec = new PlacementSpec
                {
                    Consumer = new ConsumerReference
                    {
                        Cluster = consumerCluster, Namespace = "default", Name = name,
                        Gvr = new Core.Api.Meta.GroupVersionResource { Group = "example.platform-mesh.io", Version = "v1alpha1", Resource = "certificates" },
                    },
                    Provider = provider,
                },
            }, CancellationToken.None);

        public Task UnplaceAsync(string name, string consumerCluster, ProviderReference provider) => Records.DeleteAsync($"{consumerCluster}-{name}", CancellationToken.None);

        public Task<StagingWorkspace> ReadyAsync(string consumerCluster, ProviderReference provider) =>
            BrokeringEnvironment.EventuallyAsync(() => Task.FromResult(Staging.TryGet(consumerCluster, provider)), $"the staging workspace of {consumerCluster}");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            await Staging.DisposeAsync();
            await _placements.DisposeAsync();
            _meter.Dispose();
            _stop.Dispose();
        }
    }

    private static Task<string> CopyFqdnAsync(StagingWatches watches, StagingWorkspace workspace) =>
        BrokeringEnvironment.EventuallyAsync(
            () => Task.FromResult((string?)watches.Copy(workspace, BrokeringEnvironment.Certificates, "default", "app", out _)?["spec"]?["fqdn"]),
            $"the copy in {workspace.Cluster}");

    private ProviderReference Reference(string provider, string export) => new()
    {
        Cluster = _env.Providers[provider].Name,
        Path = _env.Providers[provider].Path,
        AcceptApi = new NamespacedName { Namespace = "default", Name = provider + "-certs" },
        ApiExportName = export,
    };
}
