using System.Text.Json.Nodes;

namespace Broker.Cel.Tests;

internal sealed class CelJsonTests
{
    [TestCase("1", "1")]
    [TestCase("1u", "1")]
    [TestCase("1.5", "1.5")]
    [TestCase("'a'", "\"a\"")]
    [TestCase("null", "null")]
    [TestCase("b'hi'", "\"aGk=\"")]
    [TestCase("[1, 'a', true]", "[1,\"a\",true]")]
    [TestCase("{'a': {'b': [1]}}", "{\"a\":{\"b\":[1]}}")]
    [TestCase("{1: 'one'}", "{\"1\":\"one\"}")]
    [TestCase("timestamp('2024-01-01T00:00:00Z')", "\"2024-01-01T00:00:00Z\"")]
    [TestCase("duration('90s')", "\"90s\"")]
    [TestCase("optional.of(2)", "2")]
    [TestCase("type(1)", "\"int\"")]
    [TestCase("self.spec", "{\"x\":[1,2]}")]
    public void ToJson_Value_ReturnsJson(string expression, string json)
    {
        var node = CelJson.ToJson(TestCel.Eval(expression, """{"spec": {"x": [1, 2]}}"""));

        (node?.ToJsonString() ?? "null").ShouldBe(json);
    }

    [Test]
    public void ToJson_BoundObject_ReturnsCopyNotTheInput()
    {
        var self = JsonNode.Parse("""{"a": 1}""");
        var program = TestCel.Environment.Compile("self");

        var result = CelJson.ToJson(program.Evaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["self"] = self }));

        result.ShouldNotBeSameAs(self);
        JsonNode.DeepEquals(result, self).ShouldBeTrue();
    }
}
