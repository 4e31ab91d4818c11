using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Hostile;

/// <summary>Bodies a client should never send: too large, too deep, not UTF-8, duplicate keys, wrong types. Each gets a 4xx Status, nothing is stored, and the server keeps serving.</summary>
public sealed class HostileInputTests : LocalKcpTestBase
{
    private const string ConfigMaps = "api/v1/namespaces/default/configmaps";

    [Test]
    public async Task BodyOverThreeMebibytes_Is413_AsKubeApiserver()
    {
        var big = ConfigMap("big", new JsonObject { ["blob"] = new string('x', 3 * 1024 * 1024) });
        var (code, body) = await SendAsync(Root, HttpMethod.Post, ConfigMaps, big);
        code.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        Str(body, "message").ShouldBe("Request entity too large: limit is 3145728");
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/big")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DeepNesting_Is400()
    {
        var deep = "{\"metadata\":{\"name\":\"deep\"},\"data\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        var (code, body) = await SendRawAsync(HttpMethod.Post, ConfigMaps, Encoding.UTF8.GetBytes(deep));
        code.ShouldBe(HttpStatusCode.BadRequest, body);
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/deep")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task InvalidUtf8_Is400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"utf\"},\"data\":{\"k\":\"\u00e9\"}}");
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
        (await SendRawAsync(HttpMethod.Post, ConfigMaps, bytes)).Code.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/utf")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DuplicateKeys_Are400()
    {
        var (code, body) = await SendRawAsync(HttpMethod.Post, ConfigMaps, Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"dup\",\"name\":\"other\"},\"data\":{}}"));
        code.ShouldBe(HttpStatusCode.BadRequest, body);
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/dup")).Code.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/other")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [TestCase("{\"metadata\":{\"name\":5}}")]
    [TestCase("{\"metadata\":[]}")]
    [TestCase("{\"metadata\":{\"name\":\"t\",\"labels\":[\"a\"]}}")]
    [TestCase("{\"metadata\":{\"name\":\"t\",\"annotations\":{\"a\":1}}}")]
    [TestCase("[]")]
    [TestCase("\"text\"")]
    public async Task WrongTypes_Are400Or422(string json)
    {
        var (code, body) = await SendRawAsync(HttpMethod.Post, ConfigMaps, Encoding.UTF8.GetBytes(json));
        code.ShouldBeOneOf([HttpStatusCode.BadRequest, (HttpStatusCode)422], body);
        JsonNode.Parse(body)!["kind"]!.GetValue<string>().ShouldBe("Status");
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/t")).Code.ShouldBe(HttpStatusCode.NotFound);
    }

    [TestCase(10_000)]
    [TestCase(200)]
    public async Task DeeplyNestedCelRule_IsRefusedOrEvaluated_NeverCrashes(int depth)
    {
        var crd = TestObjects.Crd("deep.example.io", $"deep{depth}s", $"Deep{depth}");
        var rule = new string('(', depth) + "self.size > 0" + new string(')', depth);
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule });
        var (code, body) = await SendAsync(Root, HttpMethod.Post, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        if (code == HttpStatusCode.Created)
        {
            var gadget = new JsonObject
            {
                ["apiVersion"] = "deep.example.io/v1",
                ["kind"] = $"Deep{depth}",
                ["metadata"] = new JsonObject { ["name"] = "d" },
                ["spec"] = new JsonObject { ["size"] = 3 },
            };
            (code, body) = await SendAsync(Root, HttpMethod.Post, $"apis/deep.example.io/v1/namespaces/default/deep{depth}s", gadget);
        }

        ((int)code).ShouldBeLessThan(500, body.ToJsonString());
        (await SendAsync(Root, HttpMethod.Get, "api")).Code.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(HttpStatusCode Code, string Body)> SendRawAsync(HttpMethod method, string path, byte[] body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Root.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
