using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Faults;

[NonParallelizable]
public sealed class FaultTests : LocalKcpTestBase
{
    private HttpClient _faults = null!;

    [OneTimeSetUp]
    public void CreateClient() => _faults = Kcp.CreateHttpClient();

    [OneTimeTearDown]
    public void DisposeClient() => _faults.Dispose();

    [TearDown]
    public async Task ClearAsync() => (await SendAsync(_faults, HttpMethod.Delete, "localkcp/v1/faults")).Code.ShouldBe(HttpStatusCode.OK);

    private Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string json) =>
        SendAsync(_faults, HttpMethod.Post, "localkcp/v1/faults", JsonNode.Parse(json));

    [Test]
    public async Task DropWatches_ClosesOpenWatch()
    {
        await using var watch = await WatchReader.OpenAsync(Root, "api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + Str(await GetAsync(Root, "api/v1/configmaps"), "metadata", "resourceVersion"));
        (await PostAsync("""{"dropWatches": true}""")).Code.ShouldBe(HttpStatusCode.OK);
        (await watch.NextAsync(TimeSpan.FromSeconds(5))).ShouldBeNull();
    }

    [Test]
    public async Task Compact_EveryResumeGets410_FreshListWorks()
    {
        var rv = Str(await GetAsync(Root, "api/v1/configmaps"), "metadata", "resourceVersion");
        (await PostAsync("""{"compact": true}""")).Code.ShouldBe(HttpStatusCode.OK);
        await using (var watch = await WatchReader.OpenAsync(Root, $"api/v1/configmaps?watch=true&resourceVersion={rv}"))
        {
            (await watch.NextAsync())!["object"]!["code"]!.GetValue<int>().ShouldBe(410);
        }

        var fresh = Str(await GetAsync(Root, "api/v1/configmaps"), "metadata", "resourceVersion");
        await using var resumed = await WatchReader.OpenAsync(Root, $"api/v1/namespaces/default/configmaps?watch=true&resourceVersion={fresh}");
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", ConfigMap("after-compact"));
        Str(await resumed.NextChangeAsync(), "type").ShouldBe("ADDED");
    }

    [Test]
    public async Task Compact_OldContinueToken_Returns410()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(Root, HttpMethod.Post, "api/v1/namespaces/default/configmaps", ConfigMap($"page-{i}"));
        }

        var page = await GetAsync(Root, "api/v1/namespaces/default/configmaps?limit=1");
        var token = Str(page, "metadata", "continue")!;
        (await PostAsync("""{"compact": true}""")).Code.ShouldBe(HttpStatusCode.OK);
        var (code, body) = await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/configmaps?limit=1&continue=" + Uri.EscapeDataString(token));
        code.ShouldBe(HttpStatusCode.Gone);
        Str(body, "reason").ShouldBe("Expired");
    }

    [Test]
    public async Task ErrorRate_Status429_CarriesRetryAfterAndOnlyMatchingPaths()
    {
        (await PostAsync("""{"errorRate": 1.0, "status": 429, "pathContains": "/configmaps"}""")).Code.ShouldBe(HttpStatusCode.OK);
        using var response = await Root.GetAsync("api/v1/namespaces/default/configmaps");
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default/secrets")).Code.ShouldBe(HttpStatusCode.OK);
        var active = await GetAsync(_faults, "localkcp/v1/faults");
        active["errorRate"]!.GetValue<double>().ShouldBe(1.0);
        Str(active, "pathContains").ShouldBe("/configmaps");
    }

    [Test]
    public async Task ErrorRate_Fraction_FailsAboutThatShare()
    {
        (await PostAsync("""{"errorRate": 0.5, "status": 500}""")).Code.ShouldBe(HttpStatusCode.OK);
        var failures = 0;
        for (var i = 0; i < 100; i++)
        {
            if ((await SendAsync(Root, HttpMethod.Get, "api/v1/namespaces/default")).Code == HttpStatusCode.InternalServerError)
            {
                failures++;
            }
        }

        failures.ShouldBeInRange(25, 75);
    }

    [Test]
    public async Task Latency_DelaysRequests_DeleteClears()
    {
        (await PostAsync("""{"latencyMs": 300}""")).Code.ShouldBe(HttpStatusCode.OK);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await GetAsync(Root, "api/v1/namespaces/default");
        watch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(200); // timers may fire a little early on a loaded machine; a plain GET takes a few ms
        (await SendAsync(_faults, HttpMethod.Delete, "localkcp/v1/faults")).Code.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(_faults, "localkcp/v1/faults")).Select(p => p.Key).ShouldBe(["openWatches"]); // no standing fault
    }

    [Test]
    public async Task Faults_RequireAuthentication()
    {
        using var anonymous = Kcp.CreateAnonymousHttpClient();
        (await SendAsync(anonymous, HttpMethod.Post, "localkcp/v1/faults", JsonNode.Parse("""{"compact": true}"""))).Code.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
