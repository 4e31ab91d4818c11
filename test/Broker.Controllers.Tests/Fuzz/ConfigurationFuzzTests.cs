using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api;
using Broker.Core.Routing;

namespace Broker.Controllers.Tests.Fuzz;

/// <summary>
/// Issue 17's fuzzing of what platform teams and providers write in CEL: mutated MigrationConfigurations (bytes, values of
/// another type, mangled CEL conditions and <c>${...}</c> templates) through the compiler and, when they compile, their
/// conditions and templates evaluated; mutated AcceptAPI <c>spec.expression</c>s compiled with the broker's CEL compiler and
/// routed against mutated objects. A bad input may only be undecodable (JsonException), report problems, or evaluate to
/// a result or a named CEL error; nothing else may be thrown and nothing may take 5 s.
/// </summary>
[Category("Fuzz")]
public sealed class ConfigurationFuzzTests
{
    private const string Configuration = """
        {"apiVersion":"broker.platform-mesh.io/v1alpha1","kind":"MigrationConfiguration","metadata":{"name":"certs","resourceVersion":"3"},
         "spec":{"from":{"group":"example.platform-mesh.io","version":"v1alpha1","kind":"Certificate"},
                 "to":{"group":"example.platform-mesh.io","version":"v1alpha1","kind":"Certificate"},
                 "stages":[{"name":"copy","preconditions":["from.status.status == 'Available' && size(from.spec.fqdn) < 64"],
                            "templates":{"approval":{"apiVersion":"v1","kind":"ConfigMap","data":{"fqdn":"${from.spec.fqdn}","n":"${string(size(migration.metadata.name))}","lit":"$${x}"}}},
                            "successConditions":["approval.data.approved == 'true'","has(to.status) ? to.status.status in ['Available','Ready'] : false"],
                            "progress":true,"timeout":"1m30s"},
                           {"name":"verify","successConditions":["to.spec.fqdn.matches('^[a-z.]+$') || to.metadata.name.startsWith('x')"]}]}}
        """;

    private const string AcceptApi = """
        {"apiVersion":"broker.platform-mesh.io/v1alpha1","kind":"AcceptAPI","metadata":{"name":"cel","namespace":"default"},
         "spec":{"gvr":{"group":"example.platform-mesh.io","version":"v1alpha1","resource":"certificates"},"apiExportName":"certificates",
          "expression":"self.spec.fqdn.endsWith('.corp') && size(self.spec.fqdn) < 64 && (has(self.metadata.labels) ? self.metadata.labels.tier in ['gold'] : true)"}}
        """;

    private const string Certificate = """
        {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"name":"app","namespace":"default","labels":{"tier":"gold"}},
         "spec":{"fqdn":"app.internal.corp","size":3},"status":{"status":"Available"}}
        """;

    private static readonly string[] Expressions = ["from.status.status == 'Available' && size(from.spec.fqdn) < 64", "approval.data.approved == 'true'",
        "to.spec.fqdn.matches('^[a-z.]+$') || to.metadata.name.startsWith('x')", "${from.spec.fqdn}", "${string(size(migration.metadata.name))}"];

    [Test]
    public void MutatedMigrationConfigurations_CompileOrNameTheirProblems()
    {
        var seed = Compile(Configuration);
        seed.Problems.ShouldBeEmpty("the unmutated configuration must compile, or the fuzz only exercises refusals");
        var run = new FuzzRun();
        var mutator = run.Mutator;
        var tree = JsonNode.Parse(Configuration)!;
        run.Run("MigrationConfiguration", () => mutator.Next(3) switch
        {
            0 => Encoding.UTF8.GetString(mutator.MutateBytes(Encoding.UTF8.GetBytes(Configuration))),
            1 => mutator.MutateTree(tree).ToJsonString(),
            _ => Expressions.Aggregate(Configuration, (text, e) => mutator.Next(2) == 0 ? text : text.Replace(
                JsonSerializer.Serialize(e)[1..^1], JsonSerializer.Serialize(mutator.MutateString(e))[1..^1], StringComparison.Ordinal)),
        }, CompileAndEvaluate);
    }

    [Test]
    public void MutatedAcceptApiExpressions_CompileOrNameTheirProblems_AndRoutingDecides()
    {
        var cel = new CelExpressionCompiler();
        var provider = new ProviderIdentity("fuzzed", "root:providers:fuzzed");
        AcceptApiCompiler.Compile(Decode(AcceptApi)!, provider, cel).Problems.ShouldBeEmpty("the unmutated AcceptAPI must compile");
        var run = new FuzzRun();
        var mutator = run.Mutator;
        var expression = (string)JsonNode.Parse(AcceptApi)!["spec"]!["expression"]!;
        run.Run("AcceptAPI CEL", () =>
        {
            var acceptApi = JsonNode.Parse(AcceptApi)!;
            acceptApi["spec"]!["expression"] = mutator.Next(4) == 0 ? mutator.MutateTree(JsonValue.Create(expression)) : mutator.MutateString(expression);
            var obj = mutator.Next(2) == 0 ? JsonNode.Parse(Certificate)! : mutator.MutateTree(JsonNode.Parse(Certificate)!);
            return new JsonArray(acceptApi, obj).ToJsonString();
        }, input =>
        {
            var pair = JsonNode.Parse(input)!.AsArray();
            if (Decode(pair[0]!.ToJsonString()) is not { } decoded)
            {
                return "undecodable";
            }

            var compilation = AcceptApiCompiler.Compile(decoded, provider, cel);
            if (compilation.Compiled is not { } compiled)
            {
                return "with problems";
            }

            using var document = JsonDocument.Parse(pair[1]!.ToJsonString());
            var router = new Router(AcceptApiIndex.Build([compiled]));
            var request = new RoutingRequest("consumer", new GvrKey("example.platform-mesh.io", "v1alpha1", "certificates"), document.RootElement);
            var decision = router.Decide(request);
            router.Explain(request);
            return decision.Chosen is null ? "routed nowhere" : "routed";
        });
    }

    private static string CompileAndEvaluate(string json)
    {
        MigrationConfigurationCompilation compilation;
        try
        {
            // What kcp could deliver at all: its API server refuses duplicate keys (400), which System.Text.Json's
            // dictionaries would throw ArgumentException for.
            JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            compilation = Compile(json);
        }
        catch (JsonException)
        {
            return "undecodable";
        }

        if (compilation.Compiled is not { } compiled)
        {
            compilation.Problems.ShouldAllBe(p => !p.Contains('\n'), "problems are one line each");
            return "with problems";
        }

        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["from"] = JsonNode.Parse(Certificate),
            ["to"] = JsonNode.Parse(Certificate),
            ["migration"] = JsonNode.Parse("""{"metadata":{"name":"m-1"}}"""),
            ["approval"] = JsonNode.Parse("""{"data":{"approved":"true"}}"""),
        };
        foreach (var stage in compiled.Stages)
        {
            foreach (var condition in stage.Preconditions.Concat(stage.SuccessConditions))
            {
                condition.Evaluate(variables);
            }

            foreach (var template in stage.Templates)
            {
                try
                {
                    template.Render(variables);
                }
                catch (TemplateRenderException)
                {
                    // a CEL error in a ${...}: the Migration fails naming it
                }
            }
        }

        return "compiled and evaluated";
    }

    private static MigrationConfigurationCompilation Compile(string json) =>
        MigrationConfigurationCompiler.Compile(JsonSerializer.Deserialize(json, BrokerJsonContext.Default.MigrationConfiguration)
            ?? throw new JsonException("null"));

    private static Core.Api.V1Alpha1.AcceptApi? Decode(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, BrokerJsonContext.Default.AcceptApi);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
