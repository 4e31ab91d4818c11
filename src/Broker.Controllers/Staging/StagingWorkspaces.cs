using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Sources;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// Prepares the staging workspace of a (consumer, provider export) pair: a Workspace under the staging
/// root, an APIBinding to the provider's export with its permission claims accepted, and namespaces.
/// One background preparation per workspace, however many objects wait for it, takes each step and wakes
/// the waiters when it is done. The staging root's workspaces are watched: a workspace's progress wakes its
/// preparation, which reads it from that cache, and a ready workspace deleted by someone else is forgotten, so the
/// next object that needs it prepares it again. The binding, in the new workspace, is polled with a short backoff.
/// Every step starts from what kcp holds, so the state is always recoverable (restart safety).
/// </summary>
public sealed partial class StagingWorkspaces : IAsyncDisposable
{
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);

    // What the watch reports needs no poll; this one only covers a watch that is down (it retries and relists meanwhile).
    private static readonly TimeSpan WatchedPoll = TimeSpan.FromSeconds(5);
    private static readonly CacheIndex ByName = new("name", workspace => [KubeObject.Name(workspace)]);

    private readonly KcpClient _client;
    private readonly ClusterPath _stagingRoot;
    private readonly TimeProvider _time;
    private readonly ILogger<StagingWorkspaces> _logger;
    private readonly WorkspaceInformer _workspaces;
    private readonly IDisposable _workspaceChanges;

    private readonly ConcurrentDictionary<string, StagingWorkspace> _ready = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StagingPreparation> _preparing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Cluster, string Namespace), bool> _namespaces = new();
    private readonly CancellationTokenSource _stopping = new();

    public StagingWorkspaces(KcpClient client, ClusterPath stagingRoot, TimeProvider time, ILoggerFactory loggers)
    {
        _client = client;
        _stagingRoot = stagingRoot;
        _time = time;
        _logger = loggers.CreateLogger<StagingWorkspaces>();
        _workspaces = new WorkspaceInformer(client.Cluster(stagingRoot), Workspace.Resource, new InformerOptions { LabelSelector = BrokerNames.StagingLabel + "=true" }, time, loggers, ByName);
        _workspaceChanges = _workspaces.Keys.Subscribe(key =>
        {
            if (_preparing.TryGetValue(key.Name, out var preparation))
            {
                preparation.Wake();
            }
            else if (_ready.TryGetValue(key.Name, out var ready) && !StillServes(ready))
            {
                // Deleted by someone else (or being deleted): the next object that needs it prepares it again, and the
                // events of the copies it held wake those objects.
                Forget(ready);
                Log.Gone(_logger, ready.Path);
            }
        });
        _workspaces.Start();
    }

    public string PathOf(string name) => $"{_stagingRoot}:{name}";

    /// <summary>Until the staging root's workspaces are listed: preparations before that poll the server.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _workspaces.WaitForSyncAsync(cancellationToken);

    /// <summary>
    /// The staging workspace once ready. Otherwise null: its preparation runs (or starts) in the background and
    /// <paramref name="whenReady"/> runs once it ends, so the caller need not poll.
    /// </summary>
    public StagingWorkspace? TryGet(string consumerCluster, ProviderReference provider, Action whenReady)
    {
        var name = BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName);
        if (_ready.TryGetValue(name, out var known))
        {
            return known;
        }

        var preparation = _preparing.GetOrAdd(name, n => new StagingPreparation(n, _time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token)));
        preparation.Start(() => PrepareAsync(preparation, provider));
        if (_ready.TryGetValue(name, out known))
        {
            return known; // finished between the two looks
        }

        _ = preparation.Completion.ContinueWith(_ => whenReady(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return null;
    }

    /// <summary>How long the pair's staging workspace has been prepared, and the last problem; null when none is being prepared.</summary>
    public StagingPreparation? Preparing(string consumerCluster, ProviderReference provider) =>
        _preparing.TryGetValue(BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName), out var preparation) ? preparation : null;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _stopping.Dispose();
        _workspaceChanges.Dispose();
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
            await staging.Client.CreateAsync(Namespaces, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }, cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Made by an earlier pass or another worker: fine.
        }

        _namespaces[(staging.Cluster, ns)] = true;
    }

    /// <summary>Deletes a staging workspace nobody uses any more.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (_preparing.TryRemove(name, out var preparation))
        {
            await preparation.CancelAsync();
        }

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

    /// <summary>Names of the staging workspaces that exist under the staging root.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await _client.Cluster(_stagingRoot).ListAllAsync(
            Workspace.Resource, null, new ListOptions { LabelSelector = BrokerNames.StagingLabel + "=true" }, cancellationToken);
        return [.. list.Items.Select(KubeObject.Name)];
    }

    private async Task PrepareAsync(StagingPreparation preparation, ProviderReference provider)
    {
        var poll = new PreparationPoll(FirstPoll, LongestPoll);
        var watchedPoll = new PreparationPoll(WatchedPoll, WatchedPoll);
        try
        {
            while (true)
            {
                string state;
                var watched = false;
                var changed = preparation.NextChange;
                try
                {
                    var (ready, reached, waitsForWorkspace) = await StepAsync(preparation.Name, provider, preparation.Token);
                    if (ready is not null)
                    {
                        _ready[preparation.Name] = ready; // before the preparation goes, so a look in between finds one or the other
                        Log.Ready(_logger, ready.Path, provider.Path ?? provider.Cluster, provider.ApiExportName, (_time.GetUtcNow() - preparation.Started).TotalSeconds);
                        return;
                    }

                    preparation.Problem = null;
                    state = reached;
                    watched = waitsForWorkspace && _workspaces.HasSynced;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException)
                {
                    preparation.Problem = e.Message;
                    Log.PreparationFailed(_logger, PathOf(preparation.Name), e.Message);
                    state = e.Message;
                }

                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(preparation.Token))
                {
                    await Task.WhenAny(Task.Delay(watched ? watchedPoll.After(state) : poll.After(state), _time, waiting.Token), changed);
                    await waiting.CancelAsync(); // a wake ends the timer too
                }

                preparation.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (preparation.Token.IsCancellationRequested)
        {
            // Stopping, or the workspace is being collected.
        }
        finally
        {
            _preparing.TryRemove(new KeyValuePair<string, StagingPreparation>(preparation.Name, preparation));
        }
    }

    /// <summary>
    /// One step toward a ready workspace: the ready workspace, or null and the state reached, to be waited on; whether
    /// that state waits for the workspace (which its watch reports) or for the binding (which is polled).
    /// </summary>
    private async Task<(StagingWorkspace? Ready, string State, bool WaitsForWorkspace)> StepAsync(string name, ProviderReference provider, CancellationToken cancellationToken)
    {
        var root = _client.Cluster(_stagingRoot);
        var workspace = await ReadWorkspaceAsync(root, name, cancellationToken) ?? await CreateWorkspaceAsync(root, name, provider, cancellationToken);
        if (workspace is null)
        {
            return (null, "workspace created", true);
        }

        var phase = (string?)workspace["status"]?["phase"];
        if (workspace["metadata"]?["deletionTimestamp"] is not null)
        {
            return (null, "workspace deleting", true);
        }

        if (phase != "Ready" || (string?)workspace["spec"]?["cluster"] is not { Length: > 0 } cluster)
        {
            return (null, $"workspace {phase}", true);
        }

        // Addressed by its logical cluster: a workspace removed and created again under the same path is another one, and a
        // write names the cluster its watch events will carry (so its echo is told apart from namesakes elsewhere).
        var staging = new StagingWorkspace(name, PathOf(name), cluster, _client.Cluster(ClusterPath.Parse(cluster)));
        var binding = await EnsureBindingAsync(staging, provider, cancellationToken);
        return binding == "Bound" ? (staging, "", false) : (null, $"binding {binding}", false);
    }

    private void Forget(StagingWorkspace ready)
    {
        _ready.TryRemove(new KeyValuePair<string, StagingWorkspace>(ready.Name, ready));
        foreach (var key in _namespaces.Keys.Where(k => k.Cluster == ready.Cluster))
        {
            _namespaces.TryRemove(key, out _);
        }
    }

    // The workspace the broker prepared is still there, not being deleted, and holds the same logical cluster.
    private bool StillServes(StagingWorkspace ready) =>
        _workspaces.Store.Snapshot.ByIndex(ByName.Name, ready.Name).FirstOrDefault()?.ToJsonObject() is { } workspace
        && workspace["metadata"]?["deletionTimestamp"] is null
        && (string?)workspace["spec"]?["cluster"] == ready.Cluster;

    // From the watch's cache once it has listed; before that (the broker just started) from the server.
    private async Task<JsonObject?> ReadWorkspaceAsync(ClusterClient root, string name, CancellationToken cancellationToken)
    {
        if (_workspaces.HasSynced)
        {
            return _workspaces.Store.Snapshot.ByIndex(ByName.Name, name).FirstOrDefault()?.ToJsonObject();
        }

        return await root.GetOrNullAsync(Workspace.Resource, null, name, cancellationToken);
    }

    /// <summary>Creates the workspace: null when this call did, else the one that was there (read from the server: the
    /// cache had not shown it yet, or it lacks our label and never will).</summary>
    private async Task<JsonObject?> CreateWorkspaceAsync(ClusterClient root, string name, ProviderReference provider, CancellationToken cancellationToken)
    {
        try
        {
            await root.CreateAsync(Workspace.Resource, null, new JsonObject
            {
                ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
                ["kind"] = "Workspace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject
                    {
                        [BrokerNames.StagingLabel] = "true",
                        [BrokerNames.ProviderLabel] = BrokerNames.Hash(provider.Cluster),
                    },
                },
            }, cancellationToken);
            Log.Creating(_logger, PathOf(name));
            return null;
        }
        catch (AlreadyExistsException)
        {
            return await root.GetOrNullAsync(Workspace.Resource, null, name, cancellationToken);
        }
    }

    /// <summary>The phase of the binding to the provider's export ("created" when this call made it).</summary>
    private async Task<string> EnsureBindingAsync(StagingWorkspace staging, ProviderReference provider, CancellationToken cancellationToken)
    {
        JsonObject binding;
        try
        {
            binding = await staging.Client.GetAsync(ApiBinding.Resource, null, provider.ApiExportName, cancellationToken);
        }
        catch (NotFoundException)
        {
            var export = await _client.Cluster(provider.Cluster).GetAsync(ApiExports, null, provider.ApiExportName, cancellationToken);
            var claims = new JsonArray();
            foreach (var claim in (export["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>())
            {
                claims.Add(new JsonObject
                {
                    ["group"] = claim["group"]?.DeepClone() ?? "",
                    ["resource"] = claim["resource"]?.DeepClone(),
                    ["identityHash"] = claim["identityHash"]?.DeepClone() ?? "",
                    ["verbs"] = claim["verbs"]?.DeepClone() ?? new JsonArray("*"),
                    ["selector"] = new JsonObject { ["matchAll"] = true },
                    ["state"] = "Accepted",
                });
            }

            await staging.Client.CreateAsync(ApiBinding.Resource, null, new JsonObject
            {
                ["apiVersion"] = "apis.kcp.io/v1alpha2",
                ["kind"] = "APIBinding",
                ["metadata"] = new JsonObject { ["name"] = provider.ApiExportName },
                ["spec"] = new JsonObject
                {
                    // A logical cluster name is a valid export path (kcp-api.md fact 14) and never changes.
                    ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = provider.Cluster, ["name"] = provider.ApiExportName } },
                    ["permissionClaims"] = claims,
                },
            }, cancellationToken);
            return "created";
        }

        return (string?)binding["status"]?["phase"] ?? "";
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Creating staging workspace {Path}")]
        public static partial void Creating(ILogger logger, string path);

        [LoggerMessage(LogLevel.Information, "Staging workspace {Path} is ready, bound to {Provider} export {Export}, after {Seconds:0.00} s")]
        public static partial void Ready(ILogger logger, string path, string provider, string export, double seconds);

        [LoggerMessage(LogLevel.Warning, "Preparing staging workspace {Path}: {Problem}; retrying")]
        public static partial void PreparationFailed(ILogger logger, string path, string problem);

        [LoggerMessage(LogLevel.Warning, "Staging workspace {Path} was deleted by someone else; it is prepared again when an object needs it")]
        public static partial void Gone(ILogger logger, string path);

        [LoggerMessage(LogLevel.Information, "Deleted staging workspace {Path}: no object uses it")]
        public static partial void Deleted(ILogger logger, string path);
    }
}
