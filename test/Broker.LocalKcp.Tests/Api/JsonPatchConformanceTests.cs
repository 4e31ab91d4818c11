using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Json;
using Broker.Testing;

namespace Broker.LocalKcp.Tests.Api;

/// <summary>
/// The json-patch conformance suites (test/conformance/json-patch) sent over HTTP as
/// application/json-patch+json PATCHes: each document lives in a ConfigMap field "doc" and every
/// patch path is moved below /doc.
/// </summary>
public sealed class JsonPatchConformanceTests : LocalKcpTestBase
{
    private int _counter;

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var file in (string[])["tests.json", "spec_tests.json"])
        {
            var path = RepositoryRoot.Combine("test", "conformance", "json-patch", file);
            var cases = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
            for (var i = 0; i < cases.Count; i++)
            {
                var test = cases[i]!.AsObject();
                if (test["disabled"]?.GetValue<bool>() == true)
                {
                    continue;
                }

                var comment = test["comment"]?.GetValue<string>() ?? test["error"]?.GetValue<string>() ?? "";
                yield return new TestCaseData(test.ToJsonString()).SetName($"JsonPatch_{Path.GetFileNameWithoutExtension(file)}_{i:D3}_{Sanitize(comment)}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Patch_ConformanceCase_MatchesExpectation(string json)
    {
        var test = JsonNode.Parse(json)!.AsObject();
        var name = $"case-{Interlocked.Increment(ref _counter)}";
        var cm = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name }, ["doc"] = test["doc"]?.DeepClone() };
        await CreateAsync(Root, "api/v1/namespaces/default/configmaps", cm);
        var patch = Prefix(test["patch"]);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/namespaces/default/configmaps/{name}")
        {
            Content = new StringContent(patch?.ToJsonString() ?? "null", Encoding.UTF8, "application/json-patch+json"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        using var response = await Root.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (test.ContainsKey("expected"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
            JsonEquality.DeepEquals(body!["doc"], test["expected"]).ShouldBeTrue($"got {body!["doc"]?.ToJsonString()}, expected {test["expected"]?.ToJsonString()}");
        }
        else
        {
            ((int)response.StatusCode).ShouldBeOneOf(400, 422);
            body!["kind"]!.GetValue<string>().ShouldBe("Status");
            var stored = await GetAsync(Root, $"api/v1/namespaces/default/configmaps/{name}");
            JsonEquality.DeepEquals(stored["doc"], test["doc"]).ShouldBeTrue("a failed patch must not change the object");
        }
    }

    private static JsonNode? Prefix(JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            return patch?.DeepClone();
        }

        var result = (JsonArray)operations.DeepClone();
        foreach (var op in result.OfType<JsonObject>())
        {
            foreach (var key in (string[])["path", "from"])
            {
                if (op[key] is JsonValue value && value.TryGetValue<string>(out var pointer) && (pointer.Length == 0 || pointer.StartsWith('/')))
                {
                    op[key] = "/doc" + pointer;
                }
            }
        }

        return result;
    }

    private static string Sanitize(string comment)
    {
        var builder = new StringBuilder();
        foreach (var c in comment.Take(50))
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }
}
