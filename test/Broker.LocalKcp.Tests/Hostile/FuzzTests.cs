using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Testing.Fuzzing;

namespace Broker.LocalKcp.Tests.Hostile;

/// <summary>
/// Mutated requests against LocalKcp for a bounded time: ConfigMap and custom-resource bodies (byte edits, values of
/// the wrong type), JSON, merge and apply patches, label and field selectors, list options, and CEL validation rules
/// on a CRD (the CEL engine through LocalKcp). No request may get a 5xx, hang (10 s) or an error that is not a
/// Status, and the server must still answer afterwards. FUZZ_SECONDS (default 3) and FUZZ_SEED reproduce or lengthen
/// a run (hack/fuzz-localkcp.sh).
/// </summary>
[Category("Fuzz")]
public sealed class FuzzTests : LocalKcpTestBase
{
    private const string ConfigMaps = "api/v1/namespaces/default/configmaps";
    private const string Gadgets = "apis/crd.example.io/v1/namespaces/default/gadgets";
    private const string Rules = "apis/apiextensions.k8s.io/v1/customresourcedefinitions/ranges.rules.example.io";
    private static readonly string[] Selectors = ["app=web", "app in (a,b)", "!app", "app!=x,tier notin (db)", "metadata.name=x", "metadata.namespace!=default", "spec.size=3"];
    private static readonly string[] CelRules = ["self.min <= self.max", "size(self.name) < 10 && self.name.matches('^[a-z]+$')", "self.all(k, k != 'x')", "has(self.min) ? self.min > 0 : true", "string(self.min) + 'x' != ''"];

    [Test]
    public async Task MutatedRequests_NeverFailWith5xx_OrHang()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") ?? "3", CultureInfo.InvariantCulture);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var mutator = new Mutator(new Random(seed));
        await CreateAsync(Root, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", TestObjects.Crd());
        await CreateAsync(Root, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", RangeCrd(CelRules[0]));
        await CreateAsync(Root, ConfigMaps, ConfigMap("target", labels: new JsonObject { ["app"] = "web" }));

        var codes = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var tried = 0;
        while (stopwatch.Elapsed.TotalSeconds < seconds && failures.Count < 10)
        {
            var (method, path, body, contentType) = Next(mutator, tried);
            tried++;
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            HttpResponseMessage response;
            try
            {
                response = await Root.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                failures.Add($"hang: {method} {path} {Preview(body)}");
                continue;
            }

            using (response)
            {
                var code = (int)response.StatusCode;
                codes[code] = codes.GetValueOrDefault(code) + 1;
                var text = await response.Content.ReadAsStringAsync();
                if (code >= 500 || (code >= 400 && !IsStatus(text)))
                {
                    failures.Add($"{code}: {method} {path} {Preview(body)} -> {text[..Math.Min(300, text.Length)]}");
                }
            }
        }

        await TestContext.Out.WriteLineAsync($"fuzz seed {seed}: {tried} requests in {stopwatch.Elapsed.TotalSeconds:F1} s; status codes {string.Join(", ", codes.Select(c => $"{c.Key}×{c.Value}"))}");
        failures.ShouldBeEmpty($"seed {seed} (FUZZ_SEED={seed} reproduces)");
        (await SendAsync(Root, HttpMethod.Get, $"{ConfigMaps}/target")).Code.ShouldBe(HttpStatusCode.OK);
    }

    private static (HttpMethod, string, byte[]?, string) Next(Mutator mutator, int i)
    {
        var name = $"f{i}";
        return mutator.Next(9) switch
        {
            0 => (HttpMethod.Post, ConfigMaps, mutator.MutateBytes(Encoding.UTF8.GetBytes(ConfigMap(name, labels: new JsonObject { ["app"] = "web" }).ToJsonString())), "application/json"),
            1 => (HttpMethod.Post, ConfigMaps, Encoding.UTF8.GetBytes(mutator.MutateTree(ConfigMap(name)).ToJsonString()), "application/json"),
            2 => (HttpMethod.Post, Gadgets, Encoding.UTF8.GetBytes(mutator.MutateTree(Gadget(name)).ToJsonString()), "application/json"),
            3 => (HttpMethod.Patch, $"{ConfigMaps}/target", Encoding.UTF8.GetBytes(mutator.MutateTree(JsonPatch()).ToJsonString()), "application/json-patch+json"),
            4 => (HttpMethod.Patch, $"{ConfigMaps}/target", mutator.MutateBytes(Encoding.UTF8.GetBytes("""{"data":{"k":"v","n":null},"metadata":{"labels":{"app":"web"}}}""")),
                mutator.Pick(["application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"])),
            5 => (HttpMethod.Get, $"{ConfigMaps}?labelSelector={Uri.EscapeDataString(mutator.MutateString(mutator.Pick(Selectors)))}", null, ""),
            6 => (HttpMethod.Get, $"{ConfigMaps}?fieldSelector={Uri.EscapeDataString(mutator.MutateString(mutator.Pick(Selectors)))}&limit={mutator.MutateString("2")}&continue={Uri.EscapeDataString(mutator.MutateString("abc"))}", null, ""),
            7 => (HttpMethod.Patch, Rules, Encoding.UTF8.GetBytes(RulePatch(mutator.MutateString(mutator.Pick(CelRules))).ToJsonString()), "application/merge-patch+json"),
            _ => (HttpMethod.Post, "apis/rules.example.io/v1/namespaces/default/ranges", Encoding.UTF8.GetBytes(mutator.MutateTree(Range(name)).ToJsonString()), "application/json"),
        };
    }

    private static JsonObject Gadget(string name) => new()
    {
        ["apiVersion"] = "crd.example.io/v1",
        ["kind"] = "Gadget",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "web" } },
        ["spec"] = new JsonObject { ["size"] = 3, ["color"] = "red", ["tags"] = new JsonArray("a", "b") },
    };

    private static JsonObject Range(string name) => new()
    {
        ["apiVersion"] = "rules.example.io/v1",
        ["kind"] = "Range",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["min"] = 1, ["max"] = 5, ["name"] = "abc" },
    };

    private static JsonArray JsonPatch() =>
    [
        new JsonObject { ["op"] = "add", ["path"] = "/data/x", ["value"] = "y" },
        new JsonObject { ["op"] = "replace", ["path"] = "/metadata/labels/app", ["value"] = "web" },
        new JsonObject { ["op"] = "test", ["path"] = "/data/k", ["value"] = "v" },
        new JsonObject { ["op"] = "remove", ["path"] = "/data/x" },
    ];

    private static JsonObject RangeCrd(string rule)
    {
        var crd = TestObjects.Crd("rules.example.io", "ranges", "Range");
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"] = RangeSchema(rule);
        return crd;
    }

    private static JsonObject RulePatch(string rule)
    {
        var crd = RangeCrd(rule);
        return new JsonObject { ["spec"] = new JsonObject { ["versions"] = crd["spec"]!["versions"]!.DeepClone() } };
    }

    private static JsonObject RangeSchema(string rule) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["min"] = new JsonObject { ["type"] = "integer" },
                    ["max"] = new JsonObject { ["type"] = "integer" },
                    ["name"] = new JsonObject { ["type"] = "string" },
                },
                ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule, ["message"] = "fuzzed rule" }),
            },
        },
    };

    private static bool IsStatus(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["kind"]?.GetValue<string>() == "Status";
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string Preview(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(200, body.Length)));
}
