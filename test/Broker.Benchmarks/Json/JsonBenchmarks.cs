using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Broker.Json.Patching;
using Broker.Json.Schema;

namespace Broker.Benchmarks.Json;

/// <summary>
/// The per-request JSON work of LocalKcp on a typical custom resource: merge and JSON patch,
/// and the create path of schema handling (prune, default, validate).
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private JsonNode _object = null!;
    private JsonNode _mergePatch = null!;
    private JsonPatch _jsonPatch = null!;
    private SchemaValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _object = JsonNode.Parse("""
            {"apiVersion":"example.io/v1","kind":"Certificate","metadata":{"name":"web","namespace":"default","labels":{"env":"dev","tier":"web"},"resourceVersion":"12"},
             "spec":{"fqdn":"web.internal.corp","duration":"24h","usages":["server auth","client auth"],"issuer":{"name":"ca","kind":"Issuer"}},
             "status":{"conditions":[{"type":"Ready","status":"True","reason":"Issued"}]}}
            """)!;
        _mergePatch = JsonNode.Parse("""{"metadata":{"labels":{"tier":null,"team":"a"}},"spec":{"duration":"48h"}}""")!;
        _jsonPatch = JsonPatch.Parse(JsonNode.Parse("""
            [{"op":"test","path":"/metadata/resourceVersion","value":"12"},{"op":"replace","path":"/spec/duration","value":"48h"},
             {"op":"add","path":"/spec/usages/-","value":"signing"},{"op":"remove","path":"/metadata/labels/tier"}]
            """));
        _validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{
              "spec":{"type":"object","required":["fqdn"],"properties":{
                "fqdn":{"type":"string","maxLength":253,"pattern":"^[a-z0-9.-]+$"},
                "duration":{"type":"string","default":"24h"},
                "usages":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string","enum":["server auth","client auth","signing"]}},
                "issuer":{"type":"object","properties":{"name":{"type":"string","minLength":1},"kind":{"type":"string","default":"Issuer"}}}}},
              "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
            """)));
    }

    [Benchmark(Description = "merge patch apply")]
    public JsonNode? MergePatch() => JsonMergePatch.Apply(_object, _mergePatch);

    [Benchmark(Description = "merge patch diff")]
    public JsonNode? MergeDiff() => JsonMergePatch.CreateDiff(_object, _mergePatch);

    [Benchmark(Description = "JSON patch apply, 4 ops")]
    public JsonNode? JsonPatchApply() => _jsonPatch.Apply(_object);

    [Benchmark(Description = "schema prune + default + validate")]
    public SchemaValidationResult Validate() => _validator.Validate(_object);
}
