using Broker.Testing;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Tests.Hosting;

public sealed class ShardTests : LocalKcpTestBase
{
    protected override Broker.LocalKcp.Hosting.LocalKcpOptions Configure(Broker.LocalKcp.Hosting.LocalKcpOptions options) => options with { Shards = 2 };

    [Test]
    public async Task Workspaces_SpreadOverShards_WithOwnResourceVersionSequences()
    {
        var a = await Kcp.Bootstrap.CreateWorkspaceAsync("root:a", Timeout, shard: "root");
        var b = await Kcp.Bootstrap.CreateWorkspaceAsync("root:b", Timeout, shard: "shard-1");
        a.Shard.Name.ShouldBe("root");
        b.Shard.Name.ShouldBe("shard-1");
        using var clientA = Kcp.CreateHttpClient("clusters/root:a");
        using var clientB = Kcp.CreateHttpClient("clusters/root:b");
        var rvB = long.Parse(Str(await GetAsync(clientB, "api/v1/configmaps"), "metadata", "resourceVersion")!, CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(clientA, "api/v1/namespaces/default/configmaps", ConfigMap($"a{i}"));
        }

        long.Parse(Str(await GetAsync(clientB, "api/v1/configmaps"), "metadata", "resourceVersion")!, CultureInfo.InvariantCulture).ShouldBe(rvB);
        var ws = await GetAsync(Root, "apis/tenancy.kcp.io/v1alpha1/workspaces/b");
        Str(ws, "metadata", "annotations", "core.kcp.io/shard").ShouldBe("shard-1");
    }

    [Test]
    public async Task EndpointSlice_ListsOneUrlPerShardWithConsumers()
    {
        var (provider, _, c1) = await ExportBoundOnTwoShardsAsync();
        using var client = Kcp.CreateHttpClient("clusters/root:p");
        var endpoints = await Eventually.GetAsync("both shards in the slice", async () =>
            (await GetAsync(client, "apis/apis.kcp.io/v1alpha1/apiexportendpointslices/widgets"))["status"]?["endpoints"] is JsonArray { Count: 2 } listed ? listed : null);

        var urls = endpoints.Select(e => Str(e, "url")!).ToList();
        var port = Kcp.BaseUrl.Port;
        urls.ShouldBe([
            $"https://127.0.0.1:{port}/services/apiexport/{provider.Name}/widgets",
            $"https://127.0.0.1:{port}/shards/shard-1/services/apiexport/{provider.Name}/widgets",
        ], ignoreOrder: true);

        using var consumer1 = Kcp.CreateHttpClient($"clusters/{c1.Name}");
        await CreateAsync(consumer1, "apis/example.io/v1alpha1/namespaces/default/widgets", TestObjects.Widget("on-shard-1"));
        using var vw = Kcp.CreateHttpClient();
        var shard1 = new Uri(urls.Single(u => u.Contains("shard-1", StringComparison.Ordinal))).AbsolutePath.TrimStart('/');
        var shard0 = new Uri(urls.Single(u => !u.Contains("shard-1", StringComparison.Ordinal))).AbsolutePath.TrimStart('/');
        (await GetAsync(vw, $"{shard1}/clusters/*/apis/example.io/v1alpha1/widgets"))["items"]!.AsArray().Select(i => Str(i, "metadata", "name")).ShouldBe(["on-shard-1"]);
        (await GetAsync(vw, $"{shard0}/clusters/*/apis/example.io/v1alpha1/widgets"))["items"]!.AsArray().Count.ShouldBe(0);
        (await SendAsync(vw, HttpMethod.Get, $"{shard0}/clusters/{c1.Name}/apis/example.io/v1alpha1/widgets")).Code.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    // The slice follows bindings both ways: a shard whose last binding to the export goes loses its URL, one that gets a
    // binding again regains it (the controller keeps a count per shard and export instead of listing every binding).
    [Test]
    public async Task EndpointSlice_LastBindingOfAShardDeleted_ItsUrlGoesAndComesBack()
    {
        var (_, _, c1) = await ExportBoundOnTwoShardsAsync();
        using var client = Kcp.CreateHttpClient("clusters/root:p");
        using var consumer1 = Kcp.CreateHttpClient($"clusters/{c1.Name}");
        async Task<string[]?> ShardsListedAsync(int count)
        {
            var endpoints = (await GetAsync(client, "apis/apis.kcp.io/v1alpha1/apiexportendpointslices/widgets"))["status"]?["endpoints"] as JsonArray ?? [];
            return endpoints.Count == count ? [.. endpoints.Select(e => Str(e, "url")!.Contains("/shards/shard-1/", StringComparison.Ordinal) ? "shard-1" : "root").Order(StringComparer.Ordinal)] : null;
        }

        (await Eventually.GetAsync("both shards listed", () => ShardsListedAsync(2))).ShouldBe(["root", "shard-1"]);

        (await SendAsync(consumer1, HttpMethod.Delete, "apis/apis.kcp.io/v1alpha2/apibindings/widgets")).Code.ShouldBe(System.Net.HttpStatusCode.OK);
        (await Eventually.GetAsync("shard-1 gone from the slice", () => ShardsListedAsync(1))).ShouldBe(["root"]);

        await Kcp.Bootstrap.BindAsync(c1, "root:p", "widgets", Timeout);
        (await Eventually.GetAsync("shard-1 listed again", () => ShardsListedAsync(2))).ShouldBe(["root", "shard-1"]);
    }

    // Export "widgets" in root:p, bound from root:c0 (shard root) and root:c1 (shard-1).
    private async Task<(LogicalClusterInfo Provider, LogicalClusterInfo C0, LogicalClusterInfo C1)> ExportBoundOnTwoShardsAsync()
    {
        var provider = await Kcp.Bootstrap.CreateWorkspaceAsync("root:p", Timeout, shard: "root");
        var c0 = await Kcp.Bootstrap.CreateWorkspaceAsync("root:c0", Timeout, shard: "root");
        var c1 = await Kcp.Bootstrap.CreateWorkspaceAsync("root:c1", Timeout, shard: "shard-1");
        Kcp.Bootstrap.Apply(provider, TestObjects.ResourceSchema());
        Kcp.Bootstrap.Apply(provider, TestObjects.Export("widgets", "v1.widgets.example.io"));
        await Kcp.Bootstrap.BindAsync(c0, "root:p", "widgets", Timeout);
        await Kcp.Bootstrap.BindAsync(c1, "root:p", "widgets", Timeout);
        return (provider, c0, c1);
    }
}
