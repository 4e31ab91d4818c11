using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Client;

namespace Broker.Kcp.Tests.LocalKcp;

/// <summary>The REST client over TLS with LocalKcp's own kubeconfig (CA data, bearer token, /clusters/root server).</summary>
public sealed class KcpClientAgainstLocalKcpTests
{
    private static readonly GroupVersionResource Widgets = new(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
    private LocalKcpFixture _kcp = null!;
    private KcpClient _client = null!;
    private WidgetExport _export = null!;
    private string _consumerName = "";

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        _client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        _export = await WidgetExport.CreateAsync(_kcp, "root:provider", "widgets", CancellationToken.None);
        _consumerName = (await _export.BindConsumerAsync("root:consumers:one", CancellationToken.None)).Name;
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client.Dispose();
        await _kcp.DisposeAsync();
    }

    [Test]
    public async Task Workspace_FromKubeconfig_ReadsRootLogicalCluster()
    {
        _client.Connection.Workspace!.Value.Value.ShouldBe("root");

        var root = await _client.Workspace.GetAsync<LogicalCluster>(LogicalCluster.Resource, null, LogicalCluster.SingletonName, CancellationToken.None);

        root.Metadata.Cluster.ShouldBe("root");
        root.Status.Phase.ShouldBe("Ready");
    }

    [Test]
    public async Task Observing_ToldOfEveryWriteWithItsResource_ViewLeavesConnectionsOpen()
    {
        var written = new List<(GroupVersionResource Resource, string Name, string Version)>();
        using (var view = _client.Observing((resource, obj) => written.Add((resource, obj.Name, obj.ResourceVersion ?? ""))))
        {
            var cluster = view.Cluster("root:consumers:one");
            var created = await cluster.CreateAsync(Widgets, "default", WidgetExport.Widget("observed"), CancellationToken.None);
            created["spec"]!["size"] = 7;
            var updated = await cluster.UpdateAsync(Widgets, created, CancellationToken.None);
            await cluster.GetAsync(Widgets, "default", "observed", CancellationToken.None); // reads are not writes

            written.ShouldBe([
                (Widgets, "observed", KubeObject.ResourceVersion(created)!),
                (Widgets, "observed", KubeObject.ResourceVersion(updated)!),
            ]);
        }

        (await _client.Cluster("root:consumers:one").GetAsync(Widgets, "default", "observed", CancellationToken.None)).ShouldNotBeNull();
    }

    [Test]
    public async Task Observing_ToldOfEachWriteBeforeItIsSent_AndWhenItEnds_EvenWhenItFails()
    {
        var told = new List<string>();
        using var view = _client.Observing(
            (_, obj) => told.Add($"written {obj.ResourceVersion}"),
            (resource, cluster, ns, name) =>
            {
                told.Add($"writing {resource.Resource} {cluster ?? "(by path)"} {ns}/{name}");
                return new Ended(() => told.Add("ended"));
            });
        var created = await view.Cluster("root:consumers:one").CreateAsync(Widgets, "default", WidgetExport.Widget("intent"), CancellationToken.None);
        var cluster = KubeObject.Cluster(created);
        created["spec"]!["size"] = 7; // a change, so the resourceVersion moves on
        await view.Cluster(cluster).UpdateAsync(Widgets, created, CancellationToken.None);

        // The first update moved the resourceVersion on: the same body again is a conflict, and still ends.
        await Should.ThrowAsync<ConflictException>(() => view.Cluster(cluster).UpdateAsync(Widgets, created, CancellationToken.None));

        told.ShouldBe([
            "writing widgets (by path) default/intent", $"written {KubeObject.ResourceVersion(created)}", "ended",
            $"writing widgets {cluster} default/intent", told[4], "ended",
            $"writing widgets {cluster} default/intent", "ended",
        ]);
        told[4].ShouldStartWith("written ");
    }

    [Test]
    public async Task TypedWrites_RoundTripWithoutNodes_ObservedAndConflictsAsUntyped()
    {
        var type = (JsonTypeInfo<TypedWidget>)KubeJson.Options.GetTypeInfo(typeof(TypedWidget));
        var written = new List<ObjectHeader>();
        using var view = _client.Observing((_, header) => written.Add(header));
        var cluster = view.Cluster(_consumerName);

        var created = await cluster.CreateAsync(Widgets, "default", "typed", new TypedWidget($"{WidgetExport.Group}/{WidgetExport.Version}", "Widget", new TypedMeta("typed", "default", null), new JsonObject { ["size"] = 2 }, null), type, CancellationToken.None);
        var updated = await cluster.UpdateAsync(Widgets, "default", "typed", created with { Spec = new JsonObject { ["size"] = 5 } }, type, CancellationToken.None);
        var status = await cluster.UpdateStatusAsync(Widgets, "default", "typed", updated with { Status = new JsonObject { ["phase"] = "Ready" } }, type, CancellationToken.None);

        created.Metadata.ResourceVersion.ShouldNotBeNullOrEmpty();
        updated.Spec!["size"]!.GetValue<int>().ShouldBe(5);
        status.Status!["phase"]!.GetValue<string>().ShouldBe("Ready");
        written.Select(h => (h.Cluster, h.Name, h.ResourceVersion)).ShouldBe([
            (_consumerName, "typed", created.Metadata.ResourceVersion), (_consumerName, "typed", updated.Metadata.ResourceVersion), (_consumerName, "typed", status.Metadata.ResourceVersion)]);
        await Should.ThrowAsync<ConflictException>(() => cluster.UpdateAsync(Widgets, "default", "typed", created, type, CancellationToken.None));
    }

    private sealed record TypedWidget(string ApiVersion, string Kind, TypedMeta Metadata, JsonObject? Spec, JsonObject? Status);

    private sealed record TypedMeta(string Name, string Namespace, string? ResourceVersion);

    private sealed class Ended(Action ended) : IDisposable
    {
        public void Dispose() => ended();
    }

    [Test]
    public async Task RequestsAndWatches_NegotiateHttp2()
    {
        var versions = new System.Collections.Concurrent.ConcurrentBag<Version>();
        var options = new KcpClientOptions
        {
            // Loopback only: the version is under test here, not the trust (other tests cover the kubeconfig's CA).
            HandlerFactory = _ => new VersionRecorder(versions, new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }),
        };
        using var client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]), options);
        var cluster = client.Cluster("root:consumers:one");

        await cluster.CreateAsync(Widgets, "default", WidgetExport.Widget("http2-probe"), CancellationToken.None);
        await foreach (var _ in cluster.WatchAsync(Widgets, "default", null, CancellationToken.None))
        {
            break;
        }

        versions.Count.ShouldBeGreaterThanOrEqualTo(2);
        versions.ShouldAllBe(v => v == System.Net.HttpVersion.Version20, "every request and watch should share HTTP/2 connections");
    }

    private sealed class VersionRecorder(System.Collections.Concurrent.ConcurrentBag<Version> versions, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            versions.Add(response.Version);
            return response;
        }
    }

    [Test]
    public async Task Crud_ByPathThenByName_RoundTripsWithTypedErrors()
    {
        var byPath = _client.Cluster("root:consumers:one");
        var created = await byPath.CreateAsync(Widgets, "default", WidgetExport.Widget("crud"), CancellationToken.None);
        KubeObject.Cluster(created).ShouldBe(_consumerName);

        var byName = _client.Cluster(_consumerName);
        var stale = await byName.GetAsync(Widgets, "default", "crud", CancellationToken.None);
        await byName.PatchAsync(Widgets, "default", "crud", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["size"] = 5 } }, CancellationToken.None);

        stale["spec"]!["size"] = 7;
        await Should.ThrowAsync<ConflictException>(byName.UpdateAsync(Widgets, stale, CancellationToken.None));
        var updated = await byName.UpdateWithRetryAsync(Widgets, "default", "crud", obj =>
        {
            obj["spec"]!["size"] = 7;
            return true;
        }, CancellationToken.None);
        updated["spec"]!["size"]!.GetValue<int>().ShouldBe(7);

        updated["status"] = new JsonObject { ["phase"] = "Ready" };
        var withStatus = await byName.UpdateStatusAsync(Widgets, updated, CancellationToken.None);
        withStatus["status"]!["phase"]!.GetValue<string>().ShouldBe("Ready");

        await byName.DeleteAsync(Widgets, "default", "crud", null, CancellationToken.None);
        await Should.ThrowAsync<NotFoundException>(byName.GetAsync(Widgets, "default", "crud", CancellationToken.None));
        await Should.ThrowAsync<AlreadyExistsException>(async () =>
        {
            await byName.CreateAsync(Widgets, "default", WidgetExport.Widget("twice"), CancellationToken.None);
            await byName.CreateAsync(Widgets, "default", WidgetExport.Widget("twice"), CancellationToken.None);
        });
    }

    [Test]
    public async Task CreateAsync_SchemaViolation_InvalidWithFieldCause()
    {
        var widget = WidgetExport.Widget("bad");
        widget["spec"]!["size"] = "large";

        var error = await Should.ThrowAsync<InvalidException>(
            _client.Cluster(_consumerName).CreateAsync(Widgets, "default", widget, CancellationToken.None));

        error.Causes.ShouldContain(c => c.Field != null && c.Field.Contains("spec.size", StringComparison.Ordinal));
    }

    [Test]
    public async Task VirtualWorkspace_WildcardListAndClusterWrite_ThroughEndpointUrl()
    {
        var slice = await _client.Cluster("root:provider").GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "widgets", CancellationToken.None);
        var endpoint = slice.Status.Endpoints!.ShouldHaveSingleItem().Url;

        await _client.VirtualWorkspace(endpoint, ClusterPath.Parse(_consumerName))
            .CreateAsync(Widgets, "default", WidgetExport.Widget("through-vw"), CancellationToken.None);
        var list = await _client.VirtualWorkspace(endpoint, ClusterPath.Wildcard).ListAllAsync(Widgets, null, null, CancellationToken.None);

        list.ResourceVersion.ShouldNotBeEmpty();
        list.Items.ShouldContain(i => KubeObject.Key(i) == $"{_consumerName}|default/through-vw");
        var bindings = await _client.VirtualWorkspace(endpoint, ClusterPath.Wildcard).ListAsync<ApiBinding>(ApiBinding.Resource, null, null, CancellationToken.None);
        bindings.Where(b => b.IsReady).Select(b => b.Metadata.Cluster).ShouldContain(_consumerName);
    }

    [Test]
    public async Task VirtualWorkspace_NamespacedWildcardList_BadRequestFromServer()
    {
        var slice = await _client.Cluster("root:provider").GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "widgets", CancellationToken.None);

        var error = await Should.ThrowAsync<KubeApiException>(
            _client.VirtualWorkspace(slice.Status.Endpoints![0].Url, ClusterPath.Wildcard).ListAsync(Widgets, "default", null, CancellationToken.None));

        error.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task GetAsync_WrongToken_Unauthorized()
    {
        var connection = _client.Connection with { Credentials = _client.Connection.Credentials with { BearerToken = "wrong" } };
        using var client = new KcpClient(connection);

        var error = await Should.ThrowAsync<KubeApiException>(client.Workspace.GetAsync(LogicalCluster.Resource, null, "cluster", CancellationToken.None));

        error.StatusCode.ShouldBe(401);
    }

    [Test]
    public async Task GetAsync_UntrustedCa_FailsTls()
    {
        var connection = _client.Connection with { Credentials = _client.Connection.Credentials with { CertificateAuthorityPem = null } };
        using var client = new KcpClient(connection);

        await Should.ThrowAsync<HttpRequestException>(client.Workspace.GetAsync(LogicalCluster.Resource, null, "cluster", CancellationToken.None));
    }
}
