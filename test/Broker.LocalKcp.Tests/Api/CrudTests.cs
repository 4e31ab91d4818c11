using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

public sealed class CrudTests : LocalKcpTestBase
{
    [Test]
    public async Task Create_ConfigMap_SetsUidCreationTimestampGenerationResourceVersionAndClusterAnnotation()
    {
        var created = await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("meta"));
        Str(created, "metadata", "uid").ShouldNotBeNullOrEmpty();
        Str(created, "metadata", "creationTimestamp")!.ShouldEndWith("Z");
        Str(created, "metadata", "resourceVersion").ShouldNotBeNullOrEmpty();
        created["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        Str(created, "metadata", "annotations", "kcp.io/cluster").ShouldBe("root");
        Str(created, "metadata", "namespace").ShouldBe("default");
    }

    [Test]
    public async Task DryRun_CreatePatchDelete_StoreNothing()
    {
        var (code, created) = await SendAsync(Root, HttpMethod.Post, "api/v1/namespaces/default/configmaps?dryRun=All", ConfigMap("dry"));
        code.ShouldBe(HttpStatusCode.Created);
        Str(created, "metadata", "uid").ShouldNotBeNullOrEmpty();
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/dry")).Code.ShouldBe(HttpStatusCode.NotFound);

        var real = await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("wet"));
        var patch = new JsonObject { ["data"] = new JsonObject { ["k"] = "dry" } };
        var (_, patched) = await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/wet?dryRun=All", patch, "application/merge-patch+json");
        Str(patched, "data", "k").ShouldBe("dry");
        (await SendAsync(Root, HttpMethod.Delete, "api/v1/namespaces/default/configmaps/wet?dryRun=All")).Code.ShouldBe(HttpStatusCode.OK);
        var stored = await GetAsync(Root, "api/v1/namespaces/default/configmaps/wet");
        Str(stored, "data", "k").ShouldBe("v");
        Str(stored, "metadata", "resourceVersion").ShouldBe(Str(real, "metadata", "resourceVersion"));
    }

    [Test]
    public async Task Get_Missing_Returns404NotFoundStatus()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/nope");
        code.ShouldBe(HttpStatusCode.NotFound);
        Str(body, "reason").ShouldBe("NotFound");
        Str(body, "message").ShouldBe("configmaps \"nope\" not found");
        Str(body, "details", "name").ShouldBe("nope");
    }

    [Test]
    public async Task Create_Existing_Returns409AlreadyExists()
    {
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("twice"));
        var (code, body) = await SendAsync(Root, HttpMethod.Post, "api/v1/namespaces/default/configmaps", ConfigMap("twice"));
        code.ShouldBe(HttpStatusCode.Conflict);
        Str(body, "reason").ShouldBe("AlreadyExists");
    }

    [Test]
    public async Task Update_StaleResourceVersion_Returns409Conflict()
    {
        var created = await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("stale"));
        var first = (JsonObject)created.DeepClone();
        first["data"]!["k"] = "v2";
        (await SendAsync(Root, HttpMethod.Put, "api/v1/namespaces/default/configmaps/stale", first)).Code.ShouldBe(HttpStatusCode.OK);
        created["data"]!["k"] = "v3";
        var (code, body) = await SendAsync(Root, HttpMethod.Put, "api/v1/namespaces/default/configmaps/stale", created);
        code.ShouldBe(HttpStatusCode.Conflict);
        Str(body, "reason").ShouldBe("Conflict");
    }

    [Test]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        var created = await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("noop"));
        var (_, updated) = await SendAsync(Root, HttpMethod.Put, "api/v1/namespaces/default/configmaps/noop", created);
        Str(updated, "metadata", "resourceVersion").ShouldBe(Str(created, "metadata", "resourceVersion"));
    }

    [Test]
    public async Task Create_InMissingNamespace_Returns404ForNamespace()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Post, "api/v1/namespaces/ghost/configmaps", ConfigMap("x"));
        code.ShouldBe(HttpStatusCode.NotFound);
        Str(body, "message").ShouldBe("namespaces \"ghost\" not found");
    }

    [Test]
    public async Task DefaultNamespace_Exists_AndCannotBeDeleted()
    {
        (await GetAsync(Root, "api/v1/namespaces/default"))["status"]!["phase"]!.GetValue<string>().ShouldBe("Active");
        (await SendAsync(Root, HttpMethod.Delete, "api/v1/namespaces/default")).Code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [TestCase("api/v1/namespaces/default/secrets", "v1", "Secret")]
    [TestCase("api/v1/namespaces/default/events", "v1", "Event")]
    [TestCase("api/v1/namespaces/default/serviceaccounts", "v1", "ServiceAccount")]
    [TestCase("apis/coordination.k8s.io/v1/namespaces/default/leases", "coordination.k8s.io/v1", "Lease")]
    [TestCase("apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", "rbac.authorization.k8s.io/v1", "Role")]
    [TestCase("apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", "rbac.authorization.k8s.io/v1", "RoleBinding")]
    [TestCase("apis/rbac.authorization.k8s.io/v1/clusterroles", "rbac.authorization.k8s.io/v1", "ClusterRole")]
    [TestCase("apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding")]
    public async Task Create_BuiltIn_IsStoredAndListed(string path, string apiVersion, string kind)
    {
        var name = kind.ToLowerInvariant() + "-1";
        await CreateAsync(Root, path, new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name } });
        var list = await GetAsync(Root, path);
        Str(list, "kind").ShouldBe(kind + "List");
        list["items"]!.AsArray().Select(i => Str(i, "metadata", "name")).ShouldContain(name);
        (await GetAsync(Root, $"{path}/{name}"))["metadata"]!["name"]!.GetValue<string>().ShouldBe(name);
    }

    [Test]
    public async Task Create_ClusterScopedNamespace_ThenDelete_RemovesContents()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "doomed" } });
        await CreateAsync(Root, "api/v1/namespaces/doomed/configmaps", ConfigMap("inside"));
        (await SendAsync(Root, HttpMethod.Delete, "api/v1/namespaces/doomed")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/doomed/configmaps/inside")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_WithFinalizer_OnlyMarksUntilFinalizerRemoved()
    {
        var cm = ConfigMap("final");
        cm["metadata"]!["finalizers"] = new JsonArray("example.io/keep");
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", cm);
        var (code, marked) = await SendAsync(Root, HttpMethod.Delete, "api/v1/namespaces/default/configmaps/final");
        code.ShouldBe(HttpStatusCode.OK);
        Str(marked, "metadata", "deletionTimestamp").ShouldNotBeNull();
        (await GetAsync(Root, "api/v1/namespaces/default/configmaps/final"))["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } };
        (await SendAsync(Root, HttpMethod.Patch, "api/v1/namespaces/default/configmaps/final", patch, "application/merge-patch+json")).Code.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/final")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task List_LabelAndFieldSelectors_Filter()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "sel" } });
        await CreateAsync(Root, "api/v1/namespaces/sel/configmaps", ConfigMap("a", labels: new JsonObject { ["tier"] = "web", ["env"] = "prod" }));
        await CreateAsync(Root, "api/v1/namespaces/sel/configmaps", ConfigMap("b", labels: new JsonObject { ["tier"] = "db" }));
        await CreateAsync(Root, "api/v1/namespaces/sel/configmaps", ConfigMap("c"));
        async Task<string[]> Names(string query) =>
            [.. (await GetAsync(Root, "api/v1/namespaces/sel/configmaps?" + query))["items"]!.AsArray().Select(i => Str(i, "metadata", "name")!)];
        (await Names("labelSelector=tier%3Dweb")).ShouldBe(["a"]);
        (await Names("labelSelector=tier%20in%20(web,db)")).ShouldBe(["a", "b"]);
        (await Names("labelSelector=!tier")).ShouldBe(["c"]);
        (await Names("labelSelector=tier,env!%3Dprod")).ShouldBe(["b"]);
        (await Names("fieldSelector=metadata.name%3Db")).ShouldBe(["b"]);
        (await Names("fieldSelector=metadata.namespace%3Dsel,metadata.name!%3Da")).ShouldBe(["b", "c"]);
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/sel/configmaps?fieldSelector=spec.x%3D1")).Code.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task List_EventFieldLabels_FindAnObjectsEventsAsKubectlDescribeDoes()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "ev" } });
        JsonObject Event(string name, string kind, string objectName, string uid) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["involvedObject"] = new JsonObject { ["kind"] = kind, ["name"] = objectName, ["namespace"] = "ev", ["uid"] = uid },
            ["reason"] = "Placed",
            ["type"] = "Normal",
            ["source"] = new JsonObject { ["component"] = "resource-broker" },
        };
        await CreateAsync(Root, "api/v1/namespaces/ev/events", Event("e1", "Certificate", "app", "u1"));
        await CreateAsync(Root, "api/v1/namespaces/ev/events", Event("e2", "Certificate", "other", "u2"));
        await CreateAsync(Root, "api/v1/namespaces/ev/events", Event("e3", "Database", "app", "u3"));
        async Task<string[]> Names(string query) =>
            [.. (await GetAsync(Root, "api/v1/namespaces/ev/events?fieldSelector=" + Uri.EscapeDataString(query)))["items"]!.AsArray().Select(i => Str(i, "metadata", "name")!)];

        (await Names("involvedObject.namespace=ev,involvedObject.kind=Certificate,involvedObject.uid=u1,involvedObject.name=app")).ShouldBe(["e1"]);
        (await Names("involvedObject.name=app")).ShouldBe(["e1", "e3"]);
        (await Names("involvedObject.kind!=Certificate,source=resource-broker")).ShouldBe(["e3"]);
        (await Names("involvedObject.fieldPath=")).ShouldBe(["e1", "e2", "e3"]);
        (await Names("reason=Moving")).ShouldBeEmpty();

        var unsupported = await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/ev/configmaps?fieldSelector=involvedObject.name%3Dapp");
        unsupported.Code.ShouldBe(HttpStatusCode.BadRequest);
        unsupported.Body.ToJsonString().ShouldContain("field label not supported: involvedObject.name");
    }

    [Test]
    public async Task Watch_EventFieldLabel_SeesOnlyThatObjectsEvents()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "evw" } });
        var rv = Str(await GetAsync(Root, "api/v1/namespaces/evw/events"), "metadata", "resourceVersion");
        await using var watch = await WatchReader.OpenAsync(Root, $"api/v1/namespaces/evw/events?watch=true&fieldSelector=involvedObject.name%3Dapp&resourceVersion={rv}");
        foreach (var (name, target) in new[] { ("skip", "other"), ("hit", "app") })
        {
            await CreateAsync(Root, "api/v1/namespaces/evw/events", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["involvedObject"] = new JsonObject { ["kind"] = "Certificate", ["name"] = target },
            });
        }

        var first = await watch.NextAsync();
        Str(first, "object", "metadata", "name").ShouldBe("hit");
    }

    [Test]
    public async Task List_LimitAndContinue_PagesThroughEverything()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "pages" } });
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync(Root, "api/v1/namespaces/pages/configmaps", ConfigMap($"cm-{i}"));
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await GetAsync(Root, "api/v1/namespaces/pages/configmaps?limit=3" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            names.AddRange(page["items"]!.AsArray().Select(i => Str(i, "metadata", "name")!));
            token = Str(page, "metadata", "continue");
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        pages.ShouldBe(3);
        names.ShouldBe([.. Enumerable.Range(0, 7).Select(i => $"cm-{i}")]);
    }

    [Test]
    public async Task List_AllNamespaces_ReturnsListResourceVersion()
    {
        var list = await GetAsync(Root, "api/v1/configmaps");
        long.Parse(Str(list, "metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task DeleteCollection_WithSelector_DeletesOnlyMatches()
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "coll" } });
        await CreateAsync(Root, "api/v1/namespaces/coll/configmaps", ConfigMap("x1", labels: new JsonObject { ["gone"] = "yes" }));
        await CreateAsync(Root, "api/v1/namespaces/coll/configmaps", ConfigMap("x2"));
        (await SendAsync(Root, HttpMethod.Delete, "api/v1/namespaces/coll/configmaps?labelSelector=gone")).Code.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(Root, "api/v1/namespaces/coll/configmaps"))["items"]!.AsArray().Select(i => Str(i, "metadata", "name")).ShouldBe(["x2"]);
    }
}
