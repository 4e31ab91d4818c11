namespace Broker.LocalKcp.Tests.Api;

public sealed class DiscoveryTests : LocalKcpTestBase
{
    [Test]
    public async Task Api_ReturnsV1()
    {
        var body = await GetAsync(Root, "api");
        Str(body, "kind").ShouldBe("APIVersions");
        body["versions"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["v1"]);
    }

    [Test]
    public async Task CoreV1_ListsBuiltInsWithVerbsAndShortNames()
    {
        var body = await GetAsync(Root, "api/v1");
        var names = body["resources"]!.AsArray().Select(r => Str(r, "name")).ToList();
        names.ShouldContain("namespaces");
        names.ShouldContain("namespaces/status");
        names.ShouldContain("configmaps");
        names.ShouldContain("secrets");
        names.ShouldContain("events");
        names.ShouldContain("serviceaccounts");
        var cm = body["resources"]!.AsArray().First(r => Str(r, "name") == "configmaps")!;
        cm["namespaced"]!.GetValue<bool>().ShouldBeTrue();
        cm["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldContain("cm");
        cm["verbs"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldContain("watch");
    }

    [Test]
    public async Task Apis_ListsKcpGroupsWithPreferredVersions()
    {
        var groups = (await GetAsync(Root, "apis"))["groups"]!.AsArray();
        var apis = groups.First(g => Str(g, "name") == "apis.kcp.io")!;
        apis["versions"]!.AsArray().Select(v => Str(v, "version")).ShouldBe(["v1alpha2", "v1alpha1"]);
        groups.Select(g => Str(g, "name")).ShouldContain("tenancy.kcp.io");
        groups.Select(g => Str(g, "name")).ShouldContain("core.kcp.io");
        groups.Select(g => Str(g, "name")).ShouldContain("coordination.k8s.io");
        groups.Select(g => Str(g, "name")).ShouldContain("rbac.authorization.k8s.io");
        groups.Select(g => Str(g, "name")).ShouldContain("apiextensions.k8s.io");
    }

    [Test]
    public async Task ApisKcpV1Alpha1_ListsSchemasExportsBindingsSlices()
    {
        var names = (await GetAsync(Root, "apis/apis.kcp.io/v1alpha1"))["resources"]!.AsArray().Select(r => Str(r, "name")).ToList();
        names.ShouldContain("apiresourceschemas");
        names.ShouldContain("apiexports");
        names.ShouldContain("apibindings");
        names.ShouldContain("apiexportendpointslices");
        var v2 = (await GetAsync(Root, "apis/apis.kcp.io/v1alpha2"))["resources"]!.AsArray().Select(r => Str(r, "name")).ToList();
        v2.ShouldContain("apiexports");
        v2.ShouldNotContain("apiresourceschemas");
    }

    [Test]
    public async Task OpenApiV3_IndexAndGroupVersion_DescribeKindsWithFieldValidation()
    {
        var index = await GetAsync(Root, "openapi/v3");
        var url = Str(index, "paths", "api/v1", "serverRelativeURL")!;
        url.ShouldStartWith("/clusters/root/openapi/v3/api/v1?hash=");
        var document = await GetAsync(Kcp.CreateHttpClient(), url.TrimStart('/'));
        var schema = document["components"]!["schemas"]!["io.k8s.api.core.v1.ConfigMap"]!;
        schema["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>().ShouldBe("ConfigMap");
        var patch = document["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;
        patch["parameters"]!.AsArray().Select(p => Str(p, "name")).ShouldContain("fieldValidation");
    }
}
