using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.VirtualWorkspaces;

public sealed class VirtualWorkspaceTests : LocalKcpTestBase
{
    private KcpScenario _scenario = null!;
    private HttpClient _base = null!;
    private HttpClient _consumer = null!;

    [OneTimeSetUp]
    public async Task SetUpScenarioAsync()
    {
        _scenario = await KcpScenario.CreateAsync(Kcp, "vw", Timeout);
        _base = Kcp.CreateHttpClient();
        _consumer = Kcp.CreateHttpClient($"clusters/{_scenario.Consumer.Path}");
        await CreateAsync(_consumer, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("from-consumer"));
        await CreateAsync(_consumer, "api/v1/namespaces/default/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "claimed" } });
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _base.Dispose();
        _consumer.Dispose();
    }

    private string Vw(string cluster, string rest) => $"{_scenario.VirtualWorkspacePath(cluster)}/{rest}";

    [Test]
    public async Task WildcardList_ReturnsObjectsWithClusterAnnotation()
    {
        var list = await GetAsync(_base, Vw("*", "apis/example.io/v1alpha1/widgets"));
        var item = list["items"]!.AsArray().First(i => Str(i, "metadata", "name") == "from-consumer");
        Str(item, "metadata", "annotations", "kcp.io/cluster").ShouldBe(_scenario.Consumer.Name);
        Str(list, "metadata", "resourceVersion").ShouldNotBeNullOrEmpty();
    }

    [Test]
    public async Task WildcardWatch_SeesNewObjectsFromConsumer()
    {
        var rv = Str(await GetAsync(_base, Vw("*", "apis/example.io/v1alpha1/widgets")), "metadata", "resourceVersion");
        await using var watch = await WatchReader.OpenAsync(_base, Vw("*", $"apis/example.io/v1alpha1/widgets?watch=true&resourceVersion={rv}"));
        await CreateAsync(_consumer, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("watched"));
        var e = await watch.NextChangeAsync();
        Str(e, "type").ShouldBe("ADDED");
        Str(e, "object", "metadata", "name").ShouldBe("watched");
        Str(e, "object", "metadata", "annotations", "kcp.io/cluster").ShouldBe(_scenario.Consumer.Name);
    }

    [Test]
    public async Task PerCluster_CrudIncludingStatus()
    {
        var path = Vw(_scenario.Consumer.Name, "apis/example.io/v1alpha1/namespaces/default/widgets");
        var created = await CreateAsync(_base, path, TestObjects.Widget("from-provider"));
        Str(created, "metadata", "annotations", "kcp.io/cluster").ShouldBe(_scenario.Consumer.Name);
        var status = new JsonObject { ["status"] = new JsonObject { ["ready"] = true } };
        var (code, patched) = await SendAsync(_base, HttpMethod.Patch, $"{path}/from-provider/status", status, "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.OK);
        patched["status"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        (await GetAsync(_consumer, "apis/example.io/v1alpha1/namespaces/default/widgets/from-provider"))["status"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        (await SendAsync(_base, HttpMethod.Delete, $"{path}/from-provider")).Code.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Wildcard_NonListVerb_Returns405()
    {
        var (code, body) = await SendAsync(_base, HttpMethod.Post, Vw("*", "apis/example.io/v1alpha1/namespaces/default/widgets"), TestObjects.Widget("nope"));
        code.ShouldBe(HttpStatusCode.MethodNotAllowed);
        Str(body, "kind").ShouldBe("Status");
        (await SendAsync(_base, HttpMethod.Get, Vw("*", "apis/example.io/v1alpha1/namespaces/default/widgets/from-consumer"))).Code.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task Wildcard_NamespacedList_Returns400()
    {
        var (code, body) = await SendAsync(_base, HttpMethod.Get, Vw("*", "apis/example.io/v1alpha1/namespaces/default/widgets"));
        code.ShouldBe(HttpStatusCode.BadRequest);
        Str(body, "message")!.ShouldContain("cross-namespace");
    }

    [Test]
    public async Task ClusterWithoutBinding_Returns403()
    {
        var (code, body) = await SendAsync(_base, HttpMethod.Get, Vw(_scenario.Provider.Name, "apis/example.io/v1alpha1/widgets"));
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "reason").ShouldBe("Forbidden");
        (await SendAsync(_base, HttpMethod.Get, Vw("unknowncluster1", "apis/example.io/v1alpha1/widgets"))).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task PathsInsteadOfNames_Return404()
    {
        (await SendAsync(_base, HttpMethod.Get, Vw(_scenario.Consumer.Path, "apis/example.io/v1alpha1/widgets"))).Code.ShouldBe(HttpStatusCode.NotFound);
        var byExportPath = $"services/apiexport/{_scenario.Provider.Path}/{_scenario.ExportName}/clusters/*/apis/example.io/v1alpha1/widgets";
        (await SendAsync(_base, HttpMethod.Get, byExportPath)).Code.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(_base, HttpMethod.Get, $"services/apiexport/{_scenario.Provider.Name}/{_scenario.ExportName}/apis")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ApiBindings_ReadOnlyAndFilteredToExport()
    {
        var list = await GetAsync(_base, Vw("*", "apis/apis.kcp.io/v1alpha1/apibindings"));
        list["items"]!.AsArray().Select(i => Str(i, "metadata", "annotations", "kcp.io/cluster")).ShouldBe([_scenario.Consumer.Name]);
        var name = Str(list["items"]![0], "metadata", "name")!;
        (await GetAsync(_base, Vw(_scenario.Consumer.Name, $"apis/apis.kcp.io/v1alpha2/apibindings/{name}")))["status"]!["phase"]!.GetValue<string>().ShouldBe("Bound");
        (await SendAsync(_base, HttpMethod.Delete, Vw(_scenario.Consumer.Name, $"apis/apis.kcp.io/v1alpha2/apibindings/{name}"))).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task ClaimedSecrets_VisibleThroughVirtualWorkspace_VerbsLimitedByExport()
    {
        var list = await GetAsync(_base, Vw("*", "api/v1/secrets"));
        list["items"]!.AsArray().Select(i => Str(i, "metadata", "name")).ShouldContain("claimed");
        (await GetAsync(_base, Vw(_scenario.Consumer.Name, "api/v1/namespaces/default/secrets/claimed")))["metadata"]!["name"]!.GetValue<string>().ShouldBe("claimed");
        (await SendAsync(_base, HttpMethod.Delete, Vw(_scenario.Consumer.Name, "api/v1/namespaces/default/secrets/claimed"))).Code.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(_base, HttpMethod.Get, Vw("*", "api/v1/configmaps"))).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WildcardWatch_ClaimedSecrets_SeesWorkspaceBoundAfterTheWatchBegan()
    {
        var rv = Str(await GetAsync(_base, Vw("*", "api/v1/secrets")), "metadata", "resourceVersion");
        await using var watch = await WatchReader.OpenAsync(_base, Vw("*", $"api/v1/secrets?watch=true&resourceVersion={rv}"));
        var late = await Kcp.Bootstrap.CreateWorkspaceAsync("root:vw-late-consumer", Timeout);
        await Kcp.Bootstrap.BindAsync(late, _scenario.Provider.Path, _scenario.ExportName, Timeout, acceptedClaims: TestObjects.AcceptSecrets());
        using var lateClient = Kcp.CreateHttpClient($"clusters/{late.Path}");

        await CreateAsync(lateClient, "api/v1/namespaces/default/secrets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bound-late" } });

        // kcp decides visibility per event, so a long wildcard watch covers workspaces bound after it began.
        var e = await watch.NextChangeAsync();
        Str(e, "object", "metadata", "name").ShouldBe("bound-late");
        Str(e, "object", "metadata", "annotations", "kcp.io/cluster").ShouldBe(late.Name);
    }

    [Test]
    public async Task ShardWildcard_BoundResource_RequiresIdentityHash()
    {
        // The export controller sets the identity hash asynchronously (a second reconcile after the identity Secret).
        string? identity = null;
        for (var attempt = 0; attempt < 100 && string.IsNullOrEmpty(identity); attempt++)
        {
            var export = await GetAsync(_base, $"clusters/{_scenario.Provider.Path}/apis/apis.kcp.io/v1alpha2/apiexports/{_scenario.ExportName}");
            identity = export["status"]?["identityHash"]?.GetValue<string>();
            await Task.Delay(identity is { Length: > 0 } ? 0 : 50);
        }

        identity.ShouldNotBeNullOrEmpty();
        (await SendAsync(_base, HttpMethod.Get, "clusters/*/apis/example.io/v1alpha1/widgets")).Code.ShouldBe(HttpStatusCode.NotFound);
        // Regression: with a second export of the same resource (another test adds one), only the first identity was found.
        var list = await GetAsync(_base, $"clusters/*/apis/example.io/v1alpha1/widgets:{identity}");
        list["items"]!.AsArray().Select(i => Str(i, "metadata", "annotations", "kcp.io/cluster")).ShouldContain(_scenario.Consumer.Name);
        (await SendAsync(_base, HttpMethod.Delete, $"clusters/*/api/v1/namespaces/default/configmaps/x")).Code.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await GetAsync(_base, "clusters/*/api/v1/configmaps"))["kind"]!.GetValue<string>().ShouldBe("ConfigMapList");
    }

    [Test]
    public async Task ClaimWithMatchLabels_AppliesLabelsOnWrite_FiltersReads_RejectsConflicts()
    {
        var provider = await Kcp.Bootstrap.CreateWorkspaceAsync("root:labels-provider", Timeout);
        var consumer = await Kcp.Bootstrap.CreateWorkspaceAsync("root:labels-consumer", Timeout);
        Kcp.Bootstrap.Apply(provider, TestObjects.ResourceSchema());
        var export = TestObjects.Export("labelled", "v1.widgets.example.io", claimSecrets: false);
        export["spec"]!["permissionClaims"] = new JsonArray(new JsonObject { ["group"] = "", ["resource"] = "configmaps", ["verbs"] = new JsonArray("*") });
        Kcp.Bootstrap.Apply(provider, export);
        var accept = new JsonArray(new JsonObject
        {
            ["group"] = "",
            ["resource"] = "configmaps",
            ["verbs"] = new JsonArray("*"),
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["owner"] = "provider" } },
            ["state"] = "Accepted",
        });
        await Kcp.Bootstrap.BindAsync(consumer, provider.Path, "labelled", Timeout, acceptedClaims: accept);
        using var consumerClient = Kcp.CreateHttpClient($"clusters/{consumer.Path}");
        await CreateAsync(consumerClient, "api/v1/namespaces/default/configmaps", ConfigMap("private"));
        var vw = $"services/apiexport/{provider.Name}/labelled/clusters/{consumer.Name}/api/v1/namespaces/default/configmaps";

        var created = await CreateAsync(_base, vw, ConfigMap("from-provider"));
        Str(created, "metadata", "labels", "owner").ShouldBe("provider");
        (await GetAsync(_base, vw))["items"]!.AsArray().Select(i => Str(i, "metadata", "name")).ShouldBe(["from-provider"]);
        (await SendAsync(_base, HttpMethod.Get, $"{vw}/private")).Code.ShouldBe(HttpStatusCode.NotFound);
        var (code, _) = await SendAsync(_base, HttpMethod.Post, vw, ConfigMap("conflict", labels: new JsonObject { ["owner"] = "someone-else" }));
        code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Discovery_ListsExportedClaimedAndApiBindings()
    {
        var groups = (await GetAsync(_base, Vw("*", "apis")))["groups"]!.AsArray().Select(g => Str(g, "name")).ToList();
        groups.ShouldBe(["example.io", "apis.kcp.io"], ignoreOrder: true);
        (await GetAsync(_base, Vw("*", "api/v1")))["resources"]!.AsArray().Select(r => Str(r, "name")).ShouldBe(["secrets"]);
    }
}
