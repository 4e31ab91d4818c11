using Broker.Cel.Json;

namespace Broker.Cel.Tests.Json;

internal sealed class CelVariablesTests
{
    [Test]
    public void Parse_Yaml_TypesScalarsLikeJson()
    {
        var variables = CelVariables.Parse("""
            self:
              count: 3
              ratio: 0.5
              enabled: true
              quoted: "42"
              empty: ~
              tags: [a, b]
            other: plain text
            """);

        variables.Keys.Order(StringComparer.Ordinal).ShouldBe(["other", "self"]);
        variables["self"]!.ToJsonString().ShouldBe("""{"count":3,"ratio":0.5,"enabled":true,"quoted":"42","empty":null,"tags":["a","b"]}""");
        TestCel.Environment.WithVariables("other").Compile("self.count + 1 == 4 && self.quoted == '42' && other == 'plain text'")
            .Evaluate(variables).ShouldBe(true);
    }

    [Test]
    public void Parse_Json_KeepsNumbers()
    {
        var variables = CelVariables.Parse("""{"self": {"big": 9007199254740993, "real": 1.0}}""");

        variables["self"]!.ToJsonString().ShouldBe("""{"big":9007199254740993,"real":1.0}""");
    }

    [TestCase("- a\n- b", "mapping")]
    [TestCase("self: [unclosed", "invalid YAML")]
    public void Parse_NotAMapping_ThrowsFormatException(string text, string reason) =>
        Should.Throw<FormatException>(() => CelVariables.Parse(text)).Message.ShouldContain(reason);
}
