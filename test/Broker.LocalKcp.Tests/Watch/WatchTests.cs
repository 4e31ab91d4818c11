using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Watch;

public sealed class WatchTests : LocalKcpTestBase
{
    protected override Broker.LocalKcp.Hosting.LocalKcpOptions Configure(Broker.LocalKcp.Hosting.LocalKcpOptions options) =>
        options with { BookmarkInterval = TimeSpan.FromMilliseconds(200), WatchHistory = 50 };

    private async Task<string> NamespaceAsync(string name)
    {
        await CreateAsync(Root, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        return $"api/v1/namespaces/{name}/configmaps";
    }

    private async Task<string> ListRvAsync(string path) => Str(await GetAsync(Root, path), "metadata", "resourceVersion")!;

    [Test]
    public async Task Watch_FromListRv_DeliversAddedModifiedDeleted()
    {
        var path = await NamespaceAsync("w1");
        var rv = await ListRvAsync(path);
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&resourceVersion={rv}");
        watch.StatusCode.ShouldBe(200);
        var created = await CreateAsync(Root, path, ConfigMap("a"));
        created["data"]!["k"] = "changed";
        await SendAsync(Root, HttpMethod.Put, $"{path}/a", created);
        await SendAsync(Root, HttpMethod.Delete, $"{path}/a");
        var types = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var e = await watch.NextChangeAsync();
            types.Add(Str(e, "type")!);
            Str(e, "object", "metadata", "annotations", "kcp.io/cluster").ShouldBe("root");
        }

        types.ShouldBe(["ADDED", "MODIFIED", "DELETED"]);
    }

    [Test]
    public async Task Watch_WithoutRv_SendsCurrentStateFirst()
    {
        var path = await NamespaceAsync("w2");
        await CreateAsync(Root, path, ConfigMap("existing"));
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=1");
        var first = await watch.NextChangeAsync();
        Str(first, "type").ShouldBe("ADDED");
        Str(first, "object", "metadata", "name").ShouldBe("existing");
    }

    [Test]
    public async Task Watch_ResumeFromOldRvInHistory_ReplaysMissedEvents()
    {
        var path = await NamespaceAsync("w3");
        var rv = await ListRvAsync(path);
        await CreateAsync(Root, path, ConfigMap("missed-1"));
        await CreateAsync(Root, path, ConfigMap("missed-2"));
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&resourceVersion={rv}");
        Str(await watch.NextChangeAsync(), "object", "metadata", "name").ShouldBe("missed-1");
        Str(await watch.NextChangeAsync(), "object", "metadata", "name").ShouldBe("missed-2");
    }

    [Test]
    public async Task Watch_RvOlderThanHistory_GetsExpiredErrorEvent()
    {
        var path = await NamespaceAsync("w4");
        var rv = await ListRvAsync(path);
        for (var i = 0; i < 60; i++)
        {
            await CreateAsync(Root, path, ConfigMap($"flood-{i}"));
        }

        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&resourceVersion={rv}");
        var error = await watch.NextAsync();
        Str(error, "type").ShouldBe("ERROR");
        error!["object"]!["code"]!.GetValue<int>().ShouldBe(410);
        Str(error, "object", "reason").ShouldBe("Expired");
        (await watch.NextAsync()).ShouldBeNull();
    }

    [Test]
    public async Task Watch_AllowBookmarks_SendsPeriodicBookmarks()
    {
        var path = await NamespaceAsync("w5");
        var rv = await ListRvAsync(path);
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&allowWatchBookmarks=true&resourceVersion={rv}");
        var bookmark = await watch.NextAsync(TimeSpan.FromSeconds(5));
        Str(bookmark, "type").ShouldBe("BOOKMARK");
        Str(bookmark, "object", "kind").ShouldBe("ConfigMap");
        long.Parse(Str(bookmark, "object", "metadata", "resourceVersion")!, CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(long.Parse(rv, CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Watch_SendInitialEvents_EndsInitialStateWithAnnotatedBookmark()
    {
        var path = await NamespaceAsync("w6");
        await CreateAsync(Root, path, ConfigMap("one"));
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan");
        Str(await watch.NextAsync(), "type").ShouldBe("ADDED");
        var end = await watch.NextAsync();
        Str(end, "type").ShouldBe("BOOKMARK");
        Str(end, "object", "metadata", "annotations", "k8s.io/initial-events-end").ShouldBe("true");
    }

    [Test]
    public async Task Watch_TimeoutSeconds_EndsStream()
    {
        var path = await NamespaceAsync("w7");
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&timeoutSeconds=1&resourceVersion={await ListRvAsync(path)}");
        (await watch.NextAsync(TimeSpan.FromSeconds(5))).ShouldBeNull();
    }

    [Test]
    public async Task Watch_LabelSelector_ObjectLeavingSelectorArrivesAsDeleted()
    {
        var path = await NamespaceAsync("w8");
        var rv = await ListRvAsync(path);
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&labelSelector=app%3Dweb&resourceVersion={rv}");
        await CreateAsync(Root, path, ConfigMap("other"));
        var created = await CreateAsync(Root, path, ConfigMap("web", labels: new JsonObject { ["app"] = "web" }));
        var added = await watch.NextChangeAsync();
        Str(added, "type").ShouldBe("ADDED");
        Str(added, "object", "metadata", "name").ShouldBe("web");
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "db" } } };
        await SendAsync(Root, HttpMethod.Patch, $"{path}/web", patch, "application/merge-patch+json");
        var left = await watch.NextChangeAsync();
        Str(left, "type").ShouldBe("DELETED");
        Str(left, "object", "metadata", "labels", "app").ShouldBe("db");
        _ = created;
    }

    [Test]
    public async Task Watch_FieldSelectorName_SeesOnlyThatObject()
    {
        var path = await NamespaceAsync("w9");
        var rv = await ListRvAsync(path);
        await using var watch = await WatchReader.OpenAsync(Root, $"{path}?watch=true&fieldSelector=metadata.name%3Dtarget&resourceVersion={rv}");
        await CreateAsync(Root, path, ConfigMap("noise"));
        await CreateAsync(Root, path, ConfigMap("target"));
        Str(await watch.NextChangeAsync(), "object", "metadata", "name").ShouldBe("target");
    }

    [Test]
    public async Task Watch_InvalidRv_Returns400()
    {
        var path = await NamespaceAsync("w10");
        using var response = await Root.GetAsync($"{path}?watch=true&resourceVersion=abc");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
