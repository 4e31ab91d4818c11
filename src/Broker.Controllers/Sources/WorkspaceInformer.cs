using System.Reactive.Linq;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Sources;

/// <summary>One resource of one workspace, listed and watched into a cache (the platform's Placements, a staging workspace's copies, the staging root's workspaces).</summary>
public sealed class WorkspaceInformer : IAsyncDisposable
{
    private readonly Informer _informer;
    private readonly IDisposable _subscription;

    public WorkspaceInformer(ClusterClient client, GroupVersionResource resource, TimeProvider time, ILoggerFactory loggers, params IReadOnlyList<CacheIndex> indexes)
        : this(client, resource, new InformerOptions(), time, loggers, indexes)
    {
    }

    public WorkspaceInformer(ClusterClient client, GroupVersionResource resource, InformerOptions options, TimeProvider time, ILoggerFactory loggers, params IReadOnlyList<CacheIndex> indexes)
        : this(client, new ObjectStore(resource, indexes), options, time, loggers)
    {
    }

    /// <param name="store">The cache to fill, of the resource to watch (made with its indexes and what it keeps of each object).</param>
    public WorkspaceInformer(ClusterClient client, ObjectStore store, InformerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        Store = store;
        _informer = new Informer(client, store.Resource, options, time, loggers.CreateLogger<Informer>());
        _subscription = _informer.Subscribe(e => Store.Apply(client.BaseUri, e));
    }

    public ObjectStore Store { get; }

    public bool HasSynced => _informer.HasSynced;

    /// <summary>What kcp refuses its list or watch, while it does (see <see cref="Informer.Refused"/>).</summary>
    public Refusal? Refused => _informer.Refused;

    public IObservable<ObjectKey> Keys => Store.Changes.Select(c => c.Key);

    public void Start() => _informer.Start();

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _informer.DisposeAsync();
        _subscription.Dispose();
        Store.Dispose();
    }
}
