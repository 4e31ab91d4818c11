using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

public sealed class PatchTests : LocalKcpTestBase
{
    [Test]
    public async Task Patch_MergePatch_MergesAndRemovesNullFields()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("merge", new JsonObject { ["a"] = "1", ["b"] = "2" }));
        var patch = new JsonObject { ["data"] = new JsonObject { ["a"] = null, ["c"] = "3" } };
        var (code, body) = await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/merge", patch, "application/merge-patch+json");
        code.ShouldBe(HttpStatusCode.OK);
        body["data"]!.ToJsonString().ShouldBe("""{"b":"2","c":"3"}""");
    }

    [Test]
    public async Task Patch_JsonPatch_AppliesOperations()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("jp", new JsonObject { ["a"] = "1" }));
        var patch = JsonNode.Parse("""[{"op":"add","path":"/data/b","value":"2"},{"op":"replace","path":"/data/a","value":"9"},{"op":"test","path":"/data/b","value":"2"}]""");
        var (code, body) = await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/jp", patch, "application/json-patch+json");
        code.ShouldBe(HttpStatusCode.OK);
        body["data"]!.ToJsonString().ShouldBe("""{"a":"9","b":"2"}""");
    }

    [Test]
    public async Task Patch_JsonPatchFailingTest_Returns422AndLeavesObject()
    {
        var created = await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("jpfail"));
        var patch = JsonNode.Parse("""[{"op":"test","path":"/data/k","value":"other"},{"op":"remove","path":"/data"}]""");
        var (code, body) = await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/jpfail", patch, "application/json-patch+json");
        code.ShouldBe((HttpStatusCode)422);
        Str(body, "kind").ShouldBe("Status");
        Str(await GetAsync(Root, "api/v1/namespaces/default/configmaps/jpfail"), "metadata", "resourceVersion").ShouldBe(Str(created, "metadata", "resourceVersion"));
    }

    [Test]
    public async Task Patch_StaleResourceVersionInPatch_Returns409()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("prv"));
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["data"] = new JsonObject { ["x"] = "y" } };
        (await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/prv", patch, "application/merge-patch+json")).Code.ShouldBe(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Patch_UnknownContentType_Returns415()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("ct"));
        (await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/ct", new JsonObject(), "text/plain")).Code.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Patch_Missing_Returns404()
    {
        (await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/none", new JsonObject(), "application/merge-patch+json")).Code.ShouldBe(HttpStatusCode.NotFound);
    }
}
