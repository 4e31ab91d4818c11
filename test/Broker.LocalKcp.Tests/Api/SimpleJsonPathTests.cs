using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;

namespace Broker.LocalKcp.Tests.Api;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonNode Obj = JsonNode.Parse("""
        {"metadata":{"labels":{"app.kubernetes.io/name":"x"}},
         "status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Placed","status":"True","reason":"Placed"}]}}
        """)!;

    [TestCase(".status.conditions[?(@.type==\"Placed\")].status", "True")]
    [TestCase(".status.conditions[?(@.type=='Placed')].reason", "Placed")]
    [TestCase(".status.conditions[?(@.type==\"Ready\")].status", "False")]
    [TestCase(".status.conditions[0].type", "Ready")]
    [TestCase(".metadata.labels['app.kubernetes.io/name']", "x")]
    public void Evaluate_PrinterColumnPath_FindsValue(string path, string expected) =>
        SimpleJsonPath.Evaluate(Obj, path)!.ToString().ShouldBe(expected);

    [TestCase(".status.conditions[?(@.type==\"Missing\")].status")]
    [TestCase(".status.conditions[?(type==\"Placed\")].status")]
    [TestCase(".status.nothing.at.all")]
    public void Evaluate_NoMatch_IsNull(string path) => SimpleJsonPath.Evaluate(Obj, path).ShouldBeNull();
}
