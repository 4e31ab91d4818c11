using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class Re2PatternTests
{
    [TestCase("^[a-z]+$", @"^[a-z]+\z")]
    [TestCase(@"^\d+\.\w*\s$", @"^[0-9]+\.[0-9A-Za-z_]*[\t\n\f\r ]\z")]
    [TestCase(@"[\d$]\D", @"[0-9$][^0-9]")]
    [TestCase(@"[]$]$", @"[]$]\z")]
    [TestCase(@"[^]a]\$", @"[^]a]\$")]
    [TestCase("(?P<year>[0-9]{4})", "(?<year>[0-9]{4})")]
    [TestCase("(?m)^a$", "(?m)^a$")]
    [TestCase("(?i)abc$", @"(?i)abc\z")]
    public void ToDotNet_Re2Pattern_KeepsGoSemantics(string pattern, string expected)
    {
        Re2Pattern.ToDotNet(pattern).ShouldBe(expected);
    }

    [TestCase("abc\n")]
    [TestCase("ab\u0663")]
    public void Validate_ValueDotNetWouldAccept_IsRejectedAsInGo(string value)
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","pattern":"^[a-z]+\\d*$"}}}""")));

        var errors = validator.Validate(new JsonObject { ["a"] = value }).Errors;

        errors.Select(e => e.Field).ShouldBe(["a"]);
    }
}
