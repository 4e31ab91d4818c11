using System.Reactive.Linq;
using Broker.Core.Api.Meta;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Sources;

/// <summary>
/// Everything one resource of one APIExport shows through its virtual workspaces: the export's
/// endpoint slice gives the URLs (one per shard), each URL gets one wildcard list+watch, and all of
/// them fill one cache. Never one watch per workspace.
/// </summary>
public sealed class ExportInformer : IAsyncDisposable
{
    private readonly Informer _slice;
    private readonly EndpointInformers _endpoints;
    private readonly IDisposable _subscription;

    public ExportInformer(
        KcpClient client, ClusterPath exportWorkspace, string exportName, GroupVersionResource resource,
        TimeProvider time, ILoggerFactory loggers, InformerOptions? watch = null, params IReadOnlyList<CacheIndex> indexes)
        : this(client, exportWorkspace, exportName, new ObjectStore(resource, indexes), time, loggers, watch)
    {
    }

    /// <param name="store">The cache to fill, of the resource to watch (made with its indexes and what it keeps of each object).</param>
    public ExportInformer(
        KcpClient client, ClusterPath exportWorkspace, string exportName, ObjectStore store, TimeProvider time, ILoggerFactory loggers, InformerOptions? watch = null)
    {
        var resource = store.Resource;
        ExportName = exportName;
        Resource = resource;
        Store = store;
        _slice = new Informer(
            client.Cluster(exportWorkspace), ApiExportEndpointSlice.Resource,
            new InformerOptions { FieldSelector = "metadata.name=" + exportName }, time, loggers.CreateLogger<Informer>());
        _endpoints = new EndpointInformers(
            EndpointUrls.From(_slice),
            url => new Informer(client.VirtualWorkspace(url, ClusterPath.Wildcard), resource, watch ?? new InformerOptions(), time, loggers.CreateLogger<Informer>()),
            loggers.CreateLogger<EndpointInformers>());
        _subscription = _endpoints.Subscribe(e => Store.Apply(e.Endpoint, e.Event));
    }

    public string ExportName { get; }

    public GroupVersionResource Resource { get; }

    public ObjectStore Store { get; }

    /// <summary>The slice was read and every URL it lists has been listed once: routing on this cache is safe.</summary>
    public bool HasSynced => _slice.HasSynced && _endpoints.HasSynced;

    public IReadOnlyCollection<Uri> Endpoints => _endpoints.Urls;

    /// <summary>What kcp refuses the slice's or an endpoint's list or watch, while it does (see <see cref="Informer.Refused"/>).</summary>
    public Refusal? Refused => _slice.Refused ?? _endpoints.Informers.Values.Select(i => i.Refused).FirstOrDefault(r => r is not null);

    public void Start() => _slice.Start();

    public async ValueTask DisposeAsync()
    {
        await _slice.DisposeAsync();
        await _endpoints.DisposeAsync();
        _subscription.Dispose();
        Store.Dispose();
    }

    /// <summary>Waits until <see cref="HasSynced"/>, polling: sync is a one-time startup gate.</summary>
    public async Task WaitForSyncAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (!HasSynced)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    /// <summary>Keys of every change, for enqueueing.</summary>
    public IObservable<ObjectKey> Keys => Store.Changes.Select(c => c.Key);
}
