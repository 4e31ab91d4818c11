using Broker.Controllers.Naming;
using Broker.Controllers.Staging;
using System.Text.Json.Nodes;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Controllers.Tests;

/// <summary>The staging workspace of a (consumer, provider export) pair is prepared once, however many objects wait for it.</summary>
public sealed class StagingWorkspacesTests
{
    private static readonly GroupVersionResource Workspaces = new("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);
    private BrokeringEnvironment _env = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _env = await BrokeringEnvironment.StartAsync();
        await _env.StopBrokerAsync(); // these tests drive StagingWorkspaces alone
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _env.DisposeAsync();

    [Test]
    public async Task ManyWaiters_OneWorkspaceAndBinding_EveryWaiterWoken()
    {
        await using var staging = new StagingWorkspaces(_env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        var provider = Reference("internal-ca", "certificates");
        var woken = new TaskCompletionSource[20];
        for (var i = 0; i < woken.Length; i++)
        {
            var signal = woken[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            staging.TryGet("consumer-a", provider, () => signal.TrySetResult()).ShouldBeNull("nothing exists yet");
        }

        staging.Preparing("consumer-a", provider).ShouldNotBeNull();
        await Task.WhenAll(woken.Select(w => w.Task)).WaitAsync(TimeSpan.FromSeconds(20));

        var ready = staging.TryGet("consumer-a", provider, () => Assert.Fail("a ready workspace wakes nobody"));
        ready.ShouldNotBeNull();
        ready.Path.ShouldBe($"root:platform:{BrokerNames.StagingWorkspace("consumer-a", provider.Cluster, "certificates")}");
        staging.Preparing("consumer-a", provider).ShouldBeNull();
        var workspaces = await _env.Client.Cluster("root:platform").ListAllAsync(Workspaces, null, null, CancellationToken.None);
        workspaces.Items.Count(w => KubeObject.Name(w) == ready.Name).ShouldBe(1);
        var binding = await _env.Client.Cluster(ready.Path).GetAsync(new GroupVersionResource("apis.kcp.io", "v1alpha2", "apibindings", Namespaced: false), null, "certificates", CancellationToken.None);
        ((string?)binding["status"]!["phase"]).ShouldBe("Bound");
        var workspace = workspaces.Items.Single(w => KubeObject.Name(w) == ready.Name);
        ready.Cluster.ShouldBe((string?)workspace["spec"]!["cluster"]);
        ready.Client.Cluster.ShouldBe(ClusterPath.Parse(ready.Cluster), "writes name the logical cluster their watch events carry");
    }

    [Test]
    public async Task WorkspaceProgress_WakesThePreparation_WithoutWaitingForItsPoll()
    {
        await using var staging = new StagingWorkspaces(_env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        await staging.WaitForSyncAsync(CancellationToken.None);
        var provider = Reference("external-ca", "certificates");
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        staging.TryGet("consumer-c", provider, () => woken.TrySetResult()).ShouldBeNull();
        await woken.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Created, scheduled, initialized, ready: each step waits for the watch; without it each would wait for a 5 s poll.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        staging.TryGet("consumer-c", provider, () => { }).ShouldNotBeNull();
    }

    [Test]
    public async Task WorkspaceWithoutTheStagingLabel_IsFoundAndUsed()
    {
        // The watch selects labelled workspaces; one made by hand (or by an older broker) under the same name is not in it.
        var provider = Reference("internal-ca", "certificates");
        var name = BrokerNames.StagingWorkspace("consumer-d", provider.Cluster, "certificates");
        await _env.Client.Cluster("root:platform").CreateAsync(Workspaces, null, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
        }, CancellationToken.None);
        await BrokeringEnvironment.EventuallyAsync(
            async () => (string?)(await _env.Client.Cluster("root:platform").GetAsync(Workspaces, null, name, CancellationToken.None))["status"]?["phase"] == "Ready" ? "" : null,
            "the unlabelled workspace to be ready");
        await using var staging = new StagingWorkspaces(_env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        await staging.WaitForSyncAsync(CancellationToken.None);
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        staging.TryGet("consumer-d", provider, () => woken.TrySetResult()).ShouldBeNull();
        await woken.Task.WaitAsync(TimeSpan.FromSeconds(20));

        staging.TryGet("consumer-d", provider, () => { })!.Name.ShouldBe(name);
    }

    [Test]
    public async Task ExportMissing_WaitersSeeTheProblemUntilDeleted()
    {
        await using var staging = new StagingWorkspaces(_env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        var provider = Reference("internal-ca", "no-such-export");
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        staging.TryGet("consumer-b", provider, () => woken.TrySetResult()).ShouldBeNull();

        var problem = await BrokeringEnvironment.EventuallyAsync(() => Task.FromResult(staging.Preparing("consumer-b", provider)?.Problem), "the preparation's problem");
        problem.ShouldContain("no-such-export");
        woken.Task.IsCompleted.ShouldBeFalse("the workspace is not ready");

        await staging.DeleteAsync(BrokerNames.StagingWorkspace("consumer-b", provider.Cluster, "no-such-export"), CancellationToken.None);
        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10)); // a cancelled preparation still wakes its waiters, whose next pass decides again
        staging.Preparing("consumer-b", provider).ShouldBeNull();
    }

    [Test]
    public async Task Watches_WorkspaceMadeAgainUnderItsPath_FollowTheNewLogicalCluster()
    {
        await using var staging = new StagingWorkspaces(_env.Client, ClusterPath.Parse("root:platform"), TimeProvider.System, NullLoggerFactory.Instance);
        await using var watches = new StagingWatches((_, _, _, _) => { }, new OwnWrites([]), TimeProvider.System, NullLoggerFactory.Instance);
        var provider = Reference("internal-ca", "certificates");
        var first = await ReadyAsync(staging, "consumer-e", provider);
        var second = await ReadyAsync(staging, "consumer-f", provider);
        foreach (var (workspace, fqdn) in new[] { (first, "first.internal.corp"), (second, "second.internal.corp") })
        {
            await staging.EnsureNamespaceAsync(workspace, "default", CancellationToken.None);
            await workspace.Client.CreateAsync(BrokeringEnvironment.Certificates, "default", new JsonObject
            {
                ["apiVersion"] = "example.platform-mesh.io/v1alpha1", ["kind"] = "Certificate",
                ["metadata"] = new JsonObject { ["name"] = "app" }, ["spec"] = new JsonObject { ["fqdn"] = fqdn },
            }, CancellationToken.None);
        }

        await watches.EnsureAsync(first, "consumer-e", BrokeringEnvironment.Certificates);
        (await CopyFqdnAsync(watches, first)).ShouldBe("first.internal.corp");

        // The same path, now another logical cluster: what a workspace removed and made again looks like.
        var madeAgain = first with { Cluster = second.Cluster, Client = second.Client };
        await watches.EnsureAsync(madeAgain, "consumer-e", BrokeringEnvironment.Certificates);

        (await CopyFqdnAsync(watches, madeAgain)).ShouldBe("second.internal.corp");
        watches.Copy(first, BrokeringEnvironment.Certificates, "default", "app", out var known).ShouldBeNull();
        known.ShouldBeFalse("the old logical cluster is no longer watched");
    }

    private static async Task<StagingWorkspace> ReadyAsync(StagingWorkspaces staging, string consumer, ProviderReference provider)
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (staging.TryGet(consumer, provider, () => woken.TrySetResult()) is { } ready)
        {
            return ready;
        }

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return staging.TryGet(consumer, provider, () => { }).ShouldNotBeNull();
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
