using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// The staging workspaces of (consumer, provider export) pairs as the other controllers see them: ready (a Workspace
/// under the staging root, Ready, with an APIBinding to the provider's export Bound), or being prepared (since when,
/// the last problem). The <see cref="StagingWorkspaceReconciler"/> prepares them; this class holds what it found, the
/// staging root's Workspaces (watched), and announces each workspace that became ready (<see cref="Ready"/>) so the
/// objects waiting for it are queued. A ready workspace deleted by someone else is forgotten and prepared again.
/// </summary>
public sealed partial class StagingWorkspaces : IAsyncDisposable
{
    private static readonly CacheIndex ByName = new("name", workspace => [KubeElement.Name(workspace)]);

    private readonly KcpClient _client;
    private readonly ClusterPath _stagingRoot;
    private readonly TimeProvider _time;
    private readonly ILogger<StagingWorkspaces> _logger;
    private readonly WorkspaceInformer _workspaces;
    private readonly Subject<string> _readied = new();
    private readonly Subject<string> _demanded = new();

    private readonly ConcurrentDictionary<string, StagingWorkspace> _ready = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StagingPreparation> _preparing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Cluster, string Namespace), bool> _namespaces = new();
    private readonly ConcurrentDictionary<string, StagingDemand> _demands = new(StringComparer.Ordinal);

    public StagingWorkspaces(KcpClient client, ClusterPath stagingRoot, TimeProvider time, ILoggerFactory loggers)
    {
        _client = client;
        _stagingRoot = stagingRoot;
        RootPath = stagingRoot.ToString();
        _time = time;
        _logger = loggers.CreateLogger<StagingWorkspaces>();
        _workspaces = new WorkspaceInformer(
            client.Cluster(stagingRoot), new ObjectStore(Workspace.Resource, CachedWorkspace.Kept, ByName),
            new InformerOptions { LabelSelector = BrokerNames.StagingLabel + "=true" }, time, loggers);
        _workspaces.Start();
    }

    /// <summary>The staging root's path as text: one instance for every staging workspace's record.</summary>
    public string RootPath { get; }

    public string PathOf(string name) => $"{RootPath}:{name}";

    /// <summary>
    /// Names of the staging workspaces whose Workspace changed in a way their preparation waits for (their controller
    /// looks at them again): it became Ready, is being deleted, or is gone. The phases before Ready (Scheduling,
    /// Initializing) change no decision: a pass would find the workspace still not ready and wait again.
    /// </summary>
    public IObservable<string> Changes => _workspaces.Store.Changes.Where(MayDecide).Select(change => change.Key.Name);

    /// <summary>Names of the staging workspaces that just became ready after a placement pass asked for them: the objects
    /// with copies there can go on.</summary>
    public IObservable<string> Ready => _readied.AsObservable();

    /// <summary>Names of the staging workspaces a placement pass asked for before they were ready (once each): their
    /// controller starts at once, without waiting for the Placement's event to reach the cache.</summary>
    public IObservable<string> Demanded => _demanded.AsObservable();

    internal ClusterPath Root => _stagingRoot;

    internal bool HasSynced => _workspaces.HasSynced;

    /// <summary>Until the staging root's workspaces are listed: preparations before that read the server.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _workspaces.WaitForSyncAsync(cancellationToken);

    /// <summary>
    /// The pair's staging workspace once ready; otherwise null. A pass that needs it for its Placement
    /// <paramref name="placementName"/> (just written) names it: its preparation is then noted as started and the
    /// controller starts from that record (otherwise from the Placement's event), and <see cref="Ready"/> announces it.
    /// </summary>
    public StagingWorkspace? TryGet(string consumerCluster, ProviderReference provider, string? placementName = null)
    {
        var name = BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName);
        if (_ready.TryGetValue(name, out var known))
        {
            return known;
        }

        if (placementName is null)
        {
            return null;
        }

        Preparation(name);
        if (_demands.TryAdd(name, new StagingDemand(provider, placementName)))
        {
            _demanded.OnNext(name);
        }

        if (_ready.TryGetValue(name, out known))
        {
            StopPreparing(name); // ready between the two looks: nobody waits
            return known;
        }

        return null;
    }

    /// <summary>How long the pair's staging workspace has been prepared, and the last problem; null when none is being prepared.</summary>
    public StagingPreparation? Preparing(string consumerCluster, ProviderReference provider) =>
        _preparing.TryGetValue(BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName), out var preparation) ? preparation : null;

    public async ValueTask DisposeAsync()
    {
        _readied.OnCompleted();
        _readied.Dispose();
        _demanded.OnCompleted();
        _demanded.Dispose();
        await _workspaces.DisposeAsync();
    }

    public async Task EnsureNamespaceAsync(StagingWorkspace staging, string ns, CancellationToken cancellationToken)
    {
        if (ns.Length == 0 || _namespaces.ContainsKey((staging.Cluster, ns)))
        {
            return;
        }

        try
        {
            await staging.Client.CreateAsync(CoreObjects.Namespaces, null, CoreObjects.Namespace(ns), cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Made by an earlier pass or another worker: fine.
        }

        _namespaces[(staging.Cluster, _client.Names.Intern(ns))] = true;
    }

    /// <summary>Deletes a staging workspace nobody uses any more.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        StopPreparing(name);
        if (_ready.TryGetValue(name, out var ready))
        {
            Forget(ready);
        }

        try
        {
            await _client.Cluster(_stagingRoot).DeleteAsync(Workspace.Resource, null, name, null, cancellationToken);
            Log.Deleted(_logger, PathOf(name));
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The preparation of <paramref name="name"/>, started now unless it runs.</summary>
    internal StagingPreparation Preparation(string name) =>
        _preparing.GetOrAdd(name, n => new StagingPreparation(n, _time.GetUtcNow(), new PreparationPoll(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2))));

    internal bool IsReady(string name, out StagingWorkspace ready) => _ready.TryGetValue(name, out ready!);

    /// <summary>
    /// Whether <paramref name="name"/> is ready, or asked for by a placement pass and so still queued by its own
    /// preparation (which requeues itself until the workspace is ready or no longer wanted): a Placement's change that
    /// names it need not queue it again. The demand is looked at first, as <see cref="MarkReady"/> notes a workspace
    /// ready before it drops the demand, so a name passes from one to the other without a moment in neither.
    /// </summary>
    internal bool IsInHand(string name) => _demands.ContainsKey(name) || _ready.ContainsKey(name);

    /// <summary>The workspace is ready: it replaces its preparation (in that order, so a look in between finds one or the other) and is announced.</summary>
    internal void MarkReady(StagingWorkspace ready, ProviderReference provider)
    {
        _ready[ready.Name] = ready;
        var asked = _demands.TryRemove(ready.Name, out _);
        if (_preparing.TryRemove(ready.Name, out var preparation))
        {
            Log.Ready(_logger, ready.Path, provider.Path ?? provider.Cluster, provider.ApiExportName, (_time.GetUtcNow() - preparation.Started).TotalSeconds);
        }

        if (asked)
        {
            _readied.OnNext(ready.Name); // a workspace found ready after a restart, before any object asked, wakes nobody
        }
    }

    /// <summary>No Placement names the workspace any more: nothing waits for its preparation.</summary>
    internal void StopPreparing(string name)
    {
        _preparing.TryRemove(name, out _);
        _demands.TryRemove(name, out _);
    }

    /// <summary>What a placement pass asked <paramref name="name"/> for, while it is not ready; null when none did.</summary>
    internal StagingDemand? Demand(string name) => _demands.TryGetValue(name, out var demand) ? demand : null;

    /// <summary>Forgets a ready workspace that was deleted by someone else (or is being deleted, or holds another logical
    /// cluster now); true when it was known. The next pass prepares it again; the events of the copies it held wake those objects.</summary>
    internal bool ForgetIfGone(string name)
    {
        if (!_ready.TryGetValue(name, out var ready) || !_workspaces.HasSynced || StillServes(ready))
        {
            return false;
        }

        Forget(ready);
        Log.Gone(_logger, ready.Path);
        return true;
    }

    /// <summary>From the watch's cache once it has listed; before that (the broker just started) from the server.</summary>
    internal async Task<JsonObject?> ReadAsync(string name, CancellationToken cancellationToken) =>
        _workspaces.HasSynced
            ? _workspaces.Store.Snapshot.ByIndex(ByName.Name, name).FirstOrDefault()?.ToJsonObject()
            : await _client.Cluster(_stagingRoot).GetOrNullAsync(Workspace.Resource, null, name, cancellationToken);

    private void Forget(StagingWorkspace ready)
    {
        _ready.TryRemove(new KeyValuePair<string, StagingWorkspace>(ready.Name, ready));
        foreach (var key in _namespaces.Keys.Where(k => k.Cluster == ready.Cluster))
        {
            _namespaces.TryRemove(key, out _);
        }
    }

    // A Workspace gone, being deleted or Ready: what a preparation waits for, or what makes a ready one be prepared again.
    private static bool MayDecide(CacheChange change)
    {
        if (change.New is not { } workspace)
        {
            return true;
        }

        using var document = workspace.ReadDocument();
        var root = document.Root;
        return KubeElement.At(root, "metadata", "deletionTimestamp") is not null || KubeElement.String(root, "status", "phase") == "Ready";
    }

    // The workspace the broker prepared is still there, not being deleted, and holds the same logical cluster.
    private bool StillServes(StagingWorkspace ready) =>
        _workspaces.Store.Snapshot.ByIndex(ByName.Name, ready.Name).FirstOrDefault()?.ToJsonObject() is { } workspace
        && workspace["metadata"]?["deletionTimestamp"] is null
        && (string?)workspace["spec"]?["cluster"] == ready.Cluster;

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Staging workspace {Path} is ready, bound to {Provider} export {Export}, after {Seconds:0.00} s")]
        public static partial void Ready(ILogger logger, string path, string provider, string export, double seconds);

        [LoggerMessage(LogLevel.Warning, "Staging workspace {Path} was deleted by someone else; it is prepared again when an object needs it")]
        public static partial void Gone(ILogger logger, string path);

        [LoggerMessage(LogLevel.Information, "Deleted staging workspace {Path}: no object uses it")]
        public static partial void Deleted(ILogger logger, string path);
    }
}
