using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Apis;

public sealed class ApiExportTests : LocalKcpTestBase
{
    private HttpClient _provider = null!;
    private HttpClient _consumer = null!;

    [OneTimeSetUp]
    public async Task CreateWorkspacesAsync()
    {
        await Kcp.Bootstrap.CreateWorkspaceAsync("root:prov", Timeout);
        await Kcp.Bootstrap.CreateWorkspaceAsync("root:cons", Timeout);
        _provider = Kcp.CreateHttpClient("clusters/root:prov");
        _consumer = Kcp.CreateHttpClient("clusters/root:cons");
        await CreateAsync(_provider, "apis/apis.kcp.io/v1alpha1/apiresourceschemas", TestObjects.ResourceSchema());
        await CreateAsync(_provider, "apis/apis.kcp.io/v1alpha2/apiexports", TestObjects.Export("widgets", "v1.widgets.example.io"));
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _provider.Dispose();
        _consumer.Dispose();
    }

    private static async Task<JsonObject> EventuallyAsync(HttpClient client, string path, Func<JsonObject, bool> done)
    {
        JsonObject last = [];
        for (var i = 0; i < 250; i++)
        {
            var (code, body) = await SendAsync(client, HttpMethod.Get, path);
            if (code == HttpStatusCode.OK && done(body))
            {
                return body;
            }

            last = body;
            await Task.Delay(20);
        }

        throw new TimeoutException(last.ToJsonString());
    }

    [Test]
    public async Task Export_GetsIdentitySecretHashAndPathAnnotation()
    {
        var export = await EventuallyAsync(_provider, "apis/apis.kcp.io/v1alpha2/apiexports/widgets", e => Str(e, "status", "identityHash") is not null);
        Str(export, "status", "identityHash")!.Length.ShouldBe(64);
        Str(export, "spec", "identity", "secretRef", "namespace").ShouldBe("kcp-system");
        Str(export, "metadata", "annotations", "kcp.io/path").ShouldBe("root:prov");
        (await GetAsync(_provider, "api/v1/namespaces/kcp-system/secrets/widgets"))["data"]!["key"].ShouldNotBeNull();
        export["status"]!["conditions"]!.AsArray().Select(c => Str(c, "type")).ShouldContain("IdentityValid");
    }

    [Test]
    public async Task Export_ServedAsV1Alpha1_WithLatestResourceSchemas()
    {
        var v1 = await GetAsync(_provider, "apis/apis.kcp.io/v1alpha1/apiexports/widgets");
        Str(v1, "apiVersion").ShouldBe("apis.kcp.io/v1alpha1");
        v1["spec"]!["latestResourceSchemas"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["v1.widgets.example.io"]);
        v1["spec"]!["resources"].ShouldBeNull();
    }

    [Test]
    public async Task EndpointSlice_AutoCreated_EmptyUntilBindingThenHasUrl()
    {
        var slice = await EventuallyAsync(_provider, "apis/apis.kcp.io/v1alpha1/apiexportendpointslices/widgets", s => s["status"]?["endpoints"] is not null);
        Str(slice, "spec", "export", "name").ShouldBe("widgets");
        slice["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>().ShouldBe("APIExport");
        if (slice["status"]!["endpoints"]!.AsArray().Count == 0)
        {
            await BindAsync("slice-binding");
        }

        var bound = await EventuallyAsync(_provider, "apis/apis.kcp.io/v1alpha1/apiexportendpointslices/widgets", s => s["status"]!["endpoints"]!.AsArray().Count == 1);
        var providerName = Str(await GetAsync(_provider, "apis/core.kcp.io/v1alpha1/logicalclusters/cluster"), "metadata", "annotations", "kcp.io/cluster");
        Str(bound["status"]!["endpoints"]![0], "url").ShouldBe($"https://127.0.0.1:{Kcp.BaseUrl.Port}/services/apiexport/{providerName}/widgets");
    }

    private async Task<JsonObject> BindAsync(string name, string apiVersion = "v1alpha2")
    {
        var binding = new JsonObject
        {
            ["apiVersion"] = $"apis.kcp.io/{apiVersion}",
            ["kind"] = "APIBinding",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = "root:prov", ["name"] = "widgets" } } },
        };
        (await SendAsync(_consumer, HttpMethod.Post, $"apis/apis.kcp.io/{apiVersion}/apibindings", binding)).Code.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        return await EventuallyAsync(_consumer, $"apis/apis.kcp.io/v1alpha2/apibindings/{name}", b => Str(b, "status", "phase") == "Bound");
    }

    [Test]
    public async Task Binding_BecomesBoundWithBoundResourcesAndReadyCondition()
    {
        var binding = await BindAsync("widgets");
        var export = await GetAsync(_provider, "apis/apis.kcp.io/v1alpha2/apiexports/widgets");
        var providerName = Str(export, "metadata", "annotations", "kcp.io/cluster");
        Str(binding, "status", "apiExportClusterName").ShouldBe(providerName);
        var bound = binding["status"]!["boundResources"]![0]!;
        Str(bound, "resource").ShouldBe("widgets");
        Str(bound, "schema", "name").ShouldBe("v1.widgets.example.io");
        Str(bound, "schema", "identityHash").ShouldBe(Str(export, "status", "identityHash"));
        Str(bound, "schema", "UID").ShouldNotBeNullOrEmpty();
        binding["status"]!["conditions"]!.AsArray().ShouldContain(c => Str(c, "type") == "Ready" && Str(c, "status") == "True");
        Str(binding, "metadata", "labels", "internal.apis.kcp.io/export").ShouldNotBeNullOrEmpty();
        Str(binding, "metadata", "annotations", "kcp.io/path").ShouldBe("root:cons");
    }

    [Test]
    public async Task Binding_V1Alpha1_IsAcceptedAndReadableInBothVersions()
    {
        await BindAsync("old-style", "v1alpha1");
        Str(await GetAsync(_consumer, "apis/apis.kcp.io/v1alpha1/apibindings/old-style"), "apiVersion").ShouldBe("apis.kcp.io/v1alpha1");
    }

    [Test]
    public async Task BoundResource_InDiscoveryAndValidated()
    {
        await BindAsync("widgets");
        (await GetAsync(_consumer, "apis/example.io/v1alpha1"))["resources"]!.AsArray().Select(r => Str(r, "name")).ShouldContain("widgets");
        await CreateAsync(_consumer, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("ok"));
        var (code, body) = await SendAsync(_consumer, HttpMethod.Post, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("too-big", 100));
        code.ShouldBe((HttpStatusCode)422);
        Str(body["details"]!["causes"]![0], "field").ShouldBe("spec.size");
        (await SendAsync(_provider, HttpMethod.Get, "apis/example.io/v1alpha1/widgets")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DeleteBinding_DeletesBoundObjectsAndRemovesApi()
    {
        var lonely = await Kcp.Bootstrap.CreateWorkspaceAsync("root:lonely", Timeout);
        await Kcp.Bootstrap.BindAsync(lonely, "root:prov", "widgets", Timeout, "only");
        using var client = Kcp.CreateHttpClient("clusters/root:lonely");
        await CreateAsync(client, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("doomed"));
        (await SendAsync(client, HttpMethod.Delete, "apis/apis.kcp.io/v1alpha2/apibindings/only")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(client, HttpMethod.Get, "apis/example.io/v1alpha1/namespaces/default/widgets/doomed")).Code.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(client, HttpMethod.Get, "apis/example.io/v1alpha1")).Code.ShouldBe(HttpStatusCode.NotFound);
        Kcp.Server.ControlPlane.Shards[0].Store.List(new Broker.LocalKcp.Storage.StorageKey("example.io", "widgets", Str(await GetAsync(_provider, "apis/apis.kcp.io/v1alpha2/apiexports/widgets"), "status", "identityHash")!), lonely.Name, null)
            .Items.Count.ShouldBe(0);
    }

    [Test]
    public async Task Binding_ToMissingExport_StaysBindingWithExportNotFound()
    {
        var binding = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "dangling" },
            ["spec"] = new JsonObject { ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = "root:prov", ["name"] = "nope" } } },
        };
        await CreateAsync(_consumer, "apis/apis.kcp.io/v1alpha2/apibindings", binding);
        var current = await EventuallyAsync(_consumer, "apis/apis.kcp.io/v1alpha2/apibindings/dangling", b => b["status"]?["conditions"] is not null);
        Str(current, "status", "phase").ShouldBe("Binding");
        current["status"]!["conditions"]!.AsArray().ShouldContain(c => Str(c, "reason") == "APIExportNotFound");
    }

    [Test]
    public async Task Schema_BadNameOrSpecChange_Returns422()
    {
        var bad = TestObjects.ResourceSchema();
        bad["metadata"]!["name"] = "wrong.name";
        (await SendAsync(_provider, HttpMethod.Post, "apis/apis.kcp.io/v1alpha1/apiresourceschemas", bad)).Code.ShouldBe((HttpStatusCode)422);
        var existing = await GetAsync(_provider, "apis/apis.kcp.io/v1alpha1/apiresourceschemas/v1.widgets.example.io");
        existing["spec"]!["scope"] = "Cluster";
        (await SendAsync(_provider, HttpMethod.Put, "apis/apis.kcp.io/v1alpha1/apiresourceschemas/v1.widgets.example.io", existing)).Code.ShouldBe((HttpStatusCode)422);
    }
}
