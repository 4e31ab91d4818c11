using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Testing;

namespace Broker.LocalKcp.Tests;

/// <summary>One LocalKcp per test class, plus small JSON-over-HTTP helpers.</summary>
public abstract class LocalKcpTestBase
{
    protected LocalKcpFixture Kcp { get; private set; } = null!;

    protected HttpClient Root { get; private set; } = null!;

    protected static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [OneTimeSetUp]
    public async Task StartLocalKcpAsync()
    {
        Kcp = await LocalKcpFixture.StartAsync(configure: Configure);
        Root = Kcp.CreateHttpClient("clusters/root");
    }

    [OneTimeTearDown]
    public async Task StopLocalKcpAsync()
    {
        Root.Dispose();
        await Kcp.DisposeAsync();
    }

    protected virtual Broker.LocalKcp.Hosting.LocalKcpOptions Configure(Broker.LocalKcp.Hosting.LocalKcpOptions options) => options;

    protected static async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? []);
    }

    protected static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        var (code, body) = await SendAsync(client, HttpMethod.Get, path);
        code.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    protected static async Task<JsonObject> CreateAsync(HttpClient client, string path, JsonNode body)
    {
        var (code, result) = await SendAsync(client, HttpMethod.Post, path, body);
        code.ShouldBe(HttpStatusCode.Created, result.ToJsonString());
        return result;
    }

    protected static JsonObject ConfigMap(string name, JsonObject? data = null, JsonObject? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? [] },
        ["data"] = data ?? new JsonObject { ["k"] = "v" },
    };

    protected static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node?[p];
        }

        return node?.GetValue<string>();
    }
}
