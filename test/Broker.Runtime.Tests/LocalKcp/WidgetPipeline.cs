using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Broker.Testing;
using Broker.Testing.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.LocalKcp;

/// <summary>The production wiring against LocalKcp: endpoint slice informer -> URL set -> one widgets informer and one
/// APIBindings informer per URL through the virtual workspace -> ObjectStore and ClusterEngagement.</summary>
internal sealed class WidgetPipeline : IAsyncDisposable
{
    public static readonly GroupVersionResource Widgets = new(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
    private static readonly InformerOptions Fast = new() { BackoffBase = TimeSpan.FromMilliseconds(20), BackoffMax = TimeSpan.FromMilliseconds(500) };
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Informer _slice;
    private readonly EndpointInformers _widgets;
    private readonly EndpointInformers _bindings;
    private readonly string _providerPath;
    private readonly string _exportName;

    public WidgetPipeline(LocalKcpFixture kcp, string providerPath, string exportName)
    {
        Kcp = kcp;
        _providerPath = providerPath;
        _exportName = exportName;
        Client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        _slice = new Informer(
            Client.Cluster(providerPath), ApiExportEndpointSlice.Resource, Fast with { FieldSelector = $"metadata.name={exportName}" },
            TimeProvider.System, NullLogger.Instance);
        var urls = EndpointUrls.From(_slice);
        _widgets = new EndpointInformers(urls, url => Wildcard(url, Widgets), NullLogger.Instance);
        _bindings = new EndpointInformers(urls, url => Wildcard(url, ApiBinding.Resource), NullLogger.Instance);
        _subscriptions.Add(_widgets.Subscribe(e => Store.Apply(e.Endpoint, e.Event)));
        _subscriptions.Add(_bindings.Subscribe(e => Engagement.Apply(e.Endpoint, e.Event)));
        _slice.Start();
    }

    public LocalKcpFixture Kcp { get; }

    public KcpClient Client { get; }

    public ObjectStore Store { get; } = new(Widgets, CacheIndex.ByLabel("app"));

    public ClusterEngagement Engagement { get; } = new();

    public IReadOnlyCollection<Uri> Urls => _widgets.Urls;

    public IReadOnlyDictionary<Uri, Informer> WidgetInformers => _widgets.Informers;

    public bool HasSynced => _slice.HasSynced && _widgets.HasSynced && _bindings.HasSynced;

    /// <summary>What the server holds: a fresh wildcard list through every endpoint URL, as "key@rv".</summary>
    public async Task<SortedSet<string>> ServerStateAsync(CancellationToken cancellationToken)
    {
        var state = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var url in await EndpointsAsync(cancellationToken))
        {
            var list = await Client.VirtualWorkspace(url, ClusterPath.Wildcard).ListAllAsync(Widgets, null, null, cancellationToken);
            state.UnionWith(list.Items.Select(i => $"{KubeObject.Key(i)}@{KubeObject.ResourceVersion(i)}"));
        }

        return state;
    }

    public SortedSet<string> CacheState() =>
        new(Store.Snapshot.All.Select(o => $"{o.Key}@{o.ResourceVersion}"), StringComparer.Ordinal);

    /// <summary>Waits until the cache equals the server's state; fails with both states if it does not within the limit.</summary>
    public async Task ShouldConvergeAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        SortedSet<string> server = [], cache = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                server = await ServerStateAsync(CancellationToken.None);
            }
            catch (KubeApiException)
            {
                continue; // an injected fault hit our own check; look again
            }

            cache = CacheState();
            if (HasSynced && server.SetEquals(cache))
            {
                return;
            }

            await Task.Delay(50);
        }

        cache.ShouldBe(server, $"cache did not converge within {within}");
    }

    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? within = null) => WaitUntilAsync(condition, () => what, within);

    public async Task WaitUntilAsync(Func<bool> condition, Func<string> what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>POSTs to LocalKcp's fault endpoint, the way an operator would.</summary>
    public async Task FaultAsync(JsonObject fault)
    {
        using var http = Kcp.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("localkcp/v1/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var http = Kcp.CreateHttpClient();
        using var response = await http.DeleteAsync(new Uri("localkcp/v1/faults", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _slice.DisposeAsync();
        await _widgets.DisposeAsync();
        await _bindings.DisposeAsync();
        foreach (var s in _subscriptions)
        {
            s.Dispose();
        }

        Store.Dispose();
        Engagement.Dispose();
        Client.Dispose();
    }

    private async Task<IReadOnlyList<Uri>> EndpointsAsync(CancellationToken cancellationToken)
    {
        var slice = await Client.Cluster(_providerPath).GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, _exportName, cancellationToken);
        return [.. (slice.Status.Endpoints ?? []).Select(e => e.Url)];
    }

    private Informer Wildcard(Uri url, GroupVersionResource resource) =>
        new(Client.VirtualWorkspace(url, ClusterPath.Wildcard), resource, Fast, TimeProvider.System, NullLogger.Instance);
}
