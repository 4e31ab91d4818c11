using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Testing.Fuzzing;

namespace Broker.Core.Tests.Routing;

/// <summary>
/// Mutated AcceptAPIs (byte edits, values of another type, mangled filter keys and values) compiled and
/// routed against mutated Certificates, for a bounded time (FUZZ_SECONDS, default 2; FUZZ_SEED reproduces): a bad
/// AcceptAPI may only fail to decode (JsonException) or report compile problems, routing may only decide; nothing
/// else may be thrown and no step may take 5 s. (CEL expressions are fuzzed through LocalKcp's validation rules:
/// the CEL compiler of AcceptAPI expressions lives in Broker.Controllers.)
/// </summary>
[Category("Fuzz")]
public sealed class RouterFuzzTests
{
    private const string Seed = """
        {"apiVersion":"broker.platform-mesh.io/v1alpha1","kind":"AcceptAPI","metadata":{"name":"a","namespace":"default"},
         "spec":{"gvr":{"group":"example.platform-mesh.io","version":"v1alpha1","resource":"certificates"},"apiExportName":"certificates",
          "filters":[{"key":"spec.fqdn","suffix":"internal.corp"},{"key":"spec.size","boundary":{"min":1,"max":10}},{"key":"metadata.labels.tier","valueIn":["gold","silver"]}],"priority":5}}
        """;

    private const string Certificate = """
        {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"name":"app","namespace":"default","labels":{"tier":"gold"}},
         "spec":{"fqdn":"app.internal.corp","size":3}}
        """;

    [Test]
    public void MutatedAcceptApisAndObjects_OnlyFailAsDocumented()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") ?? "2", CultureInfo.InvariantCulture);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var mutator = new Mutator(new Random(seed));
        var good = RoutingFixtures.Compiled("good", """[{"key":"spec.fqdn","suffix":"corp"}]""");
        var seedNode = JsonNode.Parse(Seed)!;
        var seedCompilation = AcceptApiCompiler.Compile(JsonSerializer.Deserialize(Seed, BrokerJsonContext.Default.AcceptApi)!, new ProviderIdentity("fuzzed", "root:providers:fuzzed"));
        seedCompilation.Problems.ShouldBeEmpty("the unmutated AcceptAPI must compile, or the fuzz only exercises refusals");
        var failures = new List<string>();
        var (tried, compiled, problems, undecodable) = (0, 0, 0, 0);
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed.TotalSeconds < seconds && failures.Count < 10)
        {
            tried++;
            var acceptApiJson = mutator.Next(3) switch
            {
                0 => Encoding.UTF8.GetString(mutator.MutateBytes(Encoding.UTF8.GetBytes(Seed))),
                1 => mutator.MutateTree(seedNode).ToJsonString(),
                _ => Seed.Replace("\"spec.size\"", JsonSerializer.Serialize(mutator.MutateString("spec.size")), StringComparison.Ordinal)
                    .Replace("\"internal.corp\"", JsonSerializer.Serialize(mutator.MutateString("internal.corp")), StringComparison.Ordinal),
            };
            var objectJson = mutator.Next(2) == 0 ? Certificate : mutator.MutateTree(JsonNode.Parse(Certificate)!).ToJsonString();
            var step = Task.Run(() => Route(acceptApiJson, objectJson, good));
            if (!step.Wait(TimeSpan.FromSeconds(5)))
            {
                failures.Add($"hang: {acceptApiJson} / {objectJson}");
                continue;
            }

            switch (step.Result)
            {
                case "compiled":
                    compiled++;
                    break;
                case "problems":
                    problems++;
                    break;
                case "undecodable":
                    undecodable++;
                    break;
                case var error:
                    failures.Add($"{error}: {acceptApiJson} / {objectJson}");
                    break;
            }
        }

        TestContext.Out.WriteLine($"router fuzz seed {seed}: {tried} AcceptAPIs in {stopwatch.Elapsed.TotalSeconds:F1} s: {compiled} compiled and routed, {problems} with compile problems, {undecodable} undecodable");
        failures.ShouldBeEmpty($"seed {seed} (FUZZ_SEED={seed} reproduces)");
    }

    /// <summary>What kcp could deliver at all: a JSON object without duplicate keys (metadata may lack anything: the compiler
    /// reports a missing name, which this fuzz found as a NullReferenceException).</summary>
    private static bool FromApiServer(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Route(string acceptApiJson, string objectJson, CompiledAcceptApi good)
    {
        if (!FromApiServer(acceptApiJson) || !FromApiServer(objectJson))
        {
            return "undecodable";
        }

        AcceptApi? acceptApi;
        try
        {
            acceptApi = JsonSerializer.Deserialize(acceptApiJson, BrokerJsonContext.Default.AcceptApi);
        }
        catch (JsonException)
        {
            return "undecodable";
        }

        try
        {
            if (acceptApi is null)
            {
                return "undecodable";
            }

            var compilation = AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity("fuzzed", "root:providers:fuzzed"));
            if (compilation.Compiled is not { } fuzzed)
            {
                return "problems";
            }

            using var document = JsonDocument.Parse(objectJson);
            var router = new Router(AcceptApiIndex.Build([fuzzed, good]));
            router.Decide(RoutingFixtures.Request(document.RootElement));
            router.Explain(RoutingFixtures.Request(document.RootElement));
            return "compiled";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message} ({e.StackTrace?.Split('\n')[0].Trim()})";
        }
    }
}
