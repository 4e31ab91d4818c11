using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Benchmarks.Migrations;

/// <summary>What a MigrationConfiguration costs the Migration controller (issue 15): compiling a two-stage configuration
/// (once per resourceVersion), rendering one stage template with five templated strings (six <c>${...}</c>) (each pass that makes the stage's
/// objects), and finding the configuration of a move among 20 cached ones (every pass).</summary>
[MemoryDiagnoser]
public class MigrationConfigurationBenchmarks
{
    private static readonly GroupVersionKind Certificate = new() { Group = "example.platform-mesh.io", Version = "v1alpha1", Kind = "Certificate" };

    private MigrationConfiguration _configuration = null!;
    private CompiledTemplate _template = null!;
    private Dictionary<string, JsonNode?> _variables = null!;
    private ObjectStore _store = null!;
    private MigrationConfigurations _configurations = null!;

    [GlobalSetup]
    public void Setup()
    {
        _configuration = JsonSerializer.Deserialize(Configuration("certificates", "Certificate").ToJsonString(), BrokerJsonContext.Default.MigrationConfiguration)!;
        _template = MigrationConfigurationCompiler.Compile(_configuration).Compiled!.Stages[0].Templates[0];
        _variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["from"] = JsonNode.Parse("""{"metadata":{"name":"app"},"spec":{"fqdn":"app.internal.corp"},"status":{"status":"Available","relatedResources":{"secret":{"name":"app"}}}}"""),
            ["to"] = JsonNode.Parse("""{"metadata":{"name":"app"},"spec":{"fqdn":"app.corp.com"},"status":{"status":"Available","relatedResources":{"secret":{"name":"app"}}}}"""),
            ["migration"] = JsonNode.Parse("""{"metadata":{"name":"m-0123456789"}}"""),
        };
        _store = new ObjectStore(MigrationConfigurations.Resource);
        for (var i = 0; i < 19; i++)
        {
            _store.Apply(new Uri("https://127.0.0.1/"), new WatchEvent(WatchEventType.Added, Configuration($"other-{i:D2}", $"Kind{i}")));
        }

        _store.Apply(new Uri("https://127.0.0.1/"), new WatchEvent(WatchEventType.Added, Configuration("certificates", "Certificate")));
        _configurations = new MigrationConfigurations(_store);
        _configurations.Find(Certificate, Certificate); // compiled once, as after the first pass
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "compile a two-stage configuration")]
    public object Compile() => MigrationConfigurationCompiler.Compile(_configuration);

    [Benchmark(Description = "render a template: five strings, six ${...}")]
    public object Render() => _template.Render(_variables);

    [Benchmark(Description = "find the move's configuration among 20 (cached)")]
    public object? Find() => _configurations.Find(Certificate, Certificate);

    private static JsonObject Configuration(string name, string kind)
    {
        var gvk = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = kind };
        return new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "MigrationConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = "1", ["generation"] = 1, ["annotations"] = new JsonObject { ["kcp.io/cluster"] = "platform" } },
            ["spec"] = new JsonObject
            {
                ["from"] = gvk.DeepClone(),
                ["to"] = gvk.DeepClone(),
                ["stages"] = JsonNode.Parse("""
                    [
                      {"name": "approve", "preconditions": ["to.status.status == 'Available'"],
                       "templates": {"approval": {"apiVersion": "v1", "kind": "ConfigMap",
                         "metadata": {"labels": {"app": "${migration.metadata.name}"}},
                         "data": {"from": "from-${from.status.relatedResources.secret.name}", "to": "to-${to.status.relatedResources.secret.name}",
                                  "fqdn": "${to.spec.fqdn}", "summary": "${from.spec.fqdn} -> ${to.spec.fqdn}"}}},
                       "successConditions": ["approval.data.approved == 'true'"], "progress": true, "timeout": "30m"},
                      {"name": "verify", "preconditions": ["has(approval.data)"],
                       "successConditions": ["to.status.status == 'Available' && from.status.status == 'Available'"]}
                    ]
                    """),
            },
        };
    }
}
