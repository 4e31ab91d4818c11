using System.Text.Json.Nodes;

namespace Broker.Json.Tests;

public sealed class JsonEqualityTests
{
    [TestCase("1", "1.0")]
    [TestCase("1", "1e0")]
    [TestCase("100", "1E2")]
    [TestCase("0.5", "5e-1")]
    [TestCase("0", "-0.0")]
    [TestCase("12345678901234567890123", "12345678901234567890123.000")]
    [TestCase("""{"a":1,"b":[true,null,"x"]}""", """{"b":[true,null,"x"],"a":1.0}""")]
    [TestCase("\"\\u0041\"", "\"A\"")]
    [TestCase("null", "null")]
    public void DeepEquals_EquivalentJson_IsTrueWithSameHash(string left, string right)
    {
        var a = JsonNode.Parse(left);
        var b = JsonNode.Parse(right);

        JsonEquality.DeepEquals(a, b).ShouldBeTrue();
        JsonEquality.GetDeepHashCode(a).ShouldBe(JsonEquality.GetDeepHashCode(b));
    }

    [TestCase("1", "\"1\"")]
    [TestCase("1", "1.0000000000000000000001")]
    [TestCase("12345678901234567890123", "12345678901234567890124")]
    [TestCase("true", "false")]
    [TestCase("null", "false")]
    [TestCase("[1,2]", "[2,1]")]
    [TestCase("[1]", "[1,1]")]
    [TestCase("""{"a":1}""", """{"a":1,"b":1}""")]
    [TestCase("""{"a":null}""", "{}")]
    [TestCase("{}", "[]")]
    public void DeepEquals_DifferentJson_IsFalse(string left, string right)
    {
        JsonEquality.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right)).ShouldBeFalse();
        JsonEquality.DeepEquals(JsonNode.Parse(right), JsonNode.Parse(left)).ShouldBeFalse();
    }

    [Test]
    public void DeepEquals_ValuesBuiltFromClrNumbers_CompareByValue()
    {
        JsonEquality.DeepEquals(JsonValue.Create(1), JsonValue.Create(1.0)).ShouldBeTrue();
        JsonEquality.DeepEquals(JsonValue.Create(2L), JsonNode.Parse("2.00")).ShouldBeTrue();
    }

    [Test]
    public void Comparer_InHashSet_DeduplicatesByValue()
    {
        var set = new HashSet<JsonNode?>(JsonNodeComparer.Instance) { JsonNode.Parse("1"), JsonNode.Parse("1.0"), null, JsonNode.Parse("null") };

        set.Count.ShouldBe(2);
    }
}
