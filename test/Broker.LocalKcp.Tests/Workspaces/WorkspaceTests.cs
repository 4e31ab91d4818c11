using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Broker.LocalKcp.Tests.Workspaces;

public sealed partial class WorkspaceTests : LocalKcpTestBase
{
    private async Task<JsonObject> CreateWorkspaceAsync(HttpClient parent, string name)
    {
        var created = await CreateAsync(parent, "apis/tenancy.kcp.io/v1alpha1/workspaces", new JsonObject
        {
            ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = name },
        });
        Str(created, "status", "phase").ShouldBe("Scheduling");
        Str(created, "spec", "type", "name").ShouldBe("universal");
        Str(created, "spec", "type", "path").ShouldBe("root");
        for (var i = 0; i < 200; i++)
        {
            var current = await GetAsync(parent, $"apis/tenancy.kcp.io/v1alpha1/workspaces/{name}");
            if (Str(current, "status", "phase") == "Ready")
            {
                return current;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"workspace {name} never became Ready");
    }

    [Test]
    public async Task CreateWorkspace_BecomesReadyWithClusterNameAndUrl()
    {
        var ws = await CreateWorkspaceAsync(Root, "team");
        var cluster = Str(ws, "spec", "cluster")!;
        ClusterName().IsMatch(cluster).ShouldBeTrue(cluster);
        Str(ws, "spec", "URL").ShouldBe($"https://127.0.0.1:{Kcp.BaseUrl.Port}/clusters/root:team");
        Str(ws, "metadata", "labels", "tenancy.kcp.io/phase").ShouldBe("Ready");
        Str(ws, "metadata", "annotations", "kcp.io/cluster").ShouldBe("root");
        ws["status"]!["conditions"]!.AsArray().Select(c => Str(c, "type")).ShouldContain("WorkspaceScheduled");
    }

    [Test]
    public async Task CreateWorkspace_Watch_SeesSchedulingInitializingReady()
    {
        var rv = Str(await GetAsync(Root, "apis/tenancy.kcp.io/v1alpha1/workspaces"), "metadata", "resourceVersion");
        await using var watch = await WatchReader.OpenAsync(Root, $"apis/tenancy.kcp.io/v1alpha1/workspaces?watch=true&fieldSelector=metadata.name%3Dphases&resourceVersion={rv}");
        await CreateWorkspaceAsync(Root, "phases");
        var phases = new List<string>();
        while (phases.LastOrDefault() != "Ready")
        {
            phases.Add(Str(await watch.NextChangeAsync(), "object", "status", "phase")!);
        }

        phases.Distinct().ShouldBe(["Scheduling", "Initializing", "Ready"]);
    }

    [Test]
    public async Task Workspace_ReachableByNameAndPath_WithLogicalClusterSingleton()
    {
        var ws = await CreateWorkspaceAsync(Root, "reach");
        var name = Str(ws, "spec", "cluster")!;
        using var byPath = Kcp.CreateHttpClient("clusters/root:reach");
        using var byName = Kcp.CreateHttpClient($"clusters/{name}");
        var lc = await GetAsync(byPath, "apis/core.kcp.io/v1alpha1/logicalclusters/cluster");
        Str(lc, "metadata", "annotations", "kcp.io/path").ShouldBe("root:reach");
        Str(lc, "metadata", "annotations", "kcp.io/cluster").ShouldBe(name);
        Str(lc, "status", "phase").ShouldBe("Ready");
        await CreateAsync(byName, "api/v1/namespaces/default/configmaps", ConfigMap("inside"));
        var viaPath = await GetAsync(byPath, "api/v1/namespaces/default/configmaps/inside");
        Str(viaPath, "metadata", "annotations", "kcp.io/cluster").ShouldBe(name);
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps/inside")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task NestedWorkspace_PathExtendsParent()
    {
        await CreateWorkspaceAsync(Root, "org");
        using var org = Kcp.CreateHttpClient("clusters/root:org");
        var child = await CreateWorkspaceAsync(org, "child");
        Str(child, "spec", "URL")!.ShouldEndWith("/clusters/root:org:child");
        using var client = Kcp.CreateHttpClient("clusters/root:org:child");
        Str(await GetAsync(client, "api/v1/namespaces/default"), "metadata", "name").ShouldBe("default");
    }

    [Test]
    public async Task DeleteWorkspace_RemovesLogicalCluster()
    {
        await CreateWorkspaceAsync(Root, "gone");
        (await SendAsync(Root, HttpMethod.Delete, "apis/tenancy.kcp.io/v1alpha1/workspaces/gone")).Code.ShouldBe(HttpStatusCode.OK);
        using var client = Kcp.CreateHttpClient("clusters/root:gone");
        HttpStatusCode code = HttpStatusCode.OK;
        for (var i = 0; i < 100 && code != HttpStatusCode.NotFound; i++)
        {
            await Task.Delay(20);
            code = (await SendAsync(client, HttpMethod.Get, "api/v1/namespaces")).Code;
        }

        code.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(Root, HttpMethod.Get, "apis/tenancy.kcp.io/v1alpha1/workspaces/gone")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DeleteWorkspace_WithChildren_RemovesDescendants()
    {
        var child = await Kcp.Bootstrap.CreateWorkspaceAsync("root:parent:kid", Timeout);
        (await SendAsync(Root, HttpMethod.Delete, "apis/tenancy.kcp.io/v1alpha1/workspaces/parent")).Code.ShouldBe(HttpStatusCode.OK);
        using var client = Kcp.CreateHttpClient($"clusters/{child.Name}");
        HttpStatusCode code = HttpStatusCode.OK;
        for (var i = 0; i < 100 && code == HttpStatusCode.OK; i++)
        {
            await Task.Delay(20);
            code = (await SendAsync(client, HttpMethod.Get, "api/v1/namespaces")).Code;
        }

        code.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task UpdateWorkspace_ChangingCluster_IsRejected()
    {
        var ws = await CreateWorkspaceAsync(Root, "immutable");
        ws["spec"]!["cluster"] = "somethingelse1234";
        var (code, _) = await SendAsync(Root, HttpMethod.Put, "apis/tenancy.kcp.io/v1alpha1/workspaces/immutable", ws);
        code.ShouldBe((HttpStatusCode)422);
    }

    [GeneratedRegex("^[0-9a-z]{16}$")]
    private static partial Regex ClusterName();
}
