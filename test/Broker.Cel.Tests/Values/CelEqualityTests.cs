using Broker.Cel.Values;

namespace Broker.Cel.Tests.Values;

internal sealed class CelEqualityTests
{
    [TestCase("1 == 1u && 1 == 1.0 && 1u == 1.0", "true")]
    [TestCase("1 == '1'", "false")]
    [TestCase("[1, 2] == [1.0, 2u]", "true")]
    [TestCase("{'a': 1} == {'a': 1.0}", "true")]
    [TestCase("{1: 'x'}[1u] == 'x' && {1: 'x'}[1.0] == 'x'", "true")]
    [TestCase("double('NaN') == double('NaN')", "false")]
    [TestCase("null == null && [null] == [null]", "true")]
    [TestCase("b'a' < b'b' && 'a' < 'b' && false < true", "true")]
    [TestCase("-1 < 1u && 1u < 1.5 && 2.5 > 2", "true")]
    [TestCase("'\\U0001F600' > '\\uFFFF'", "true")]
    [TestCase("timestamp('2024-01-01T00:00:00Z') < timestamp('2024-01-01T00:00:00.000000001Z')", "true")]
    public void Relation_MixedTypes_FollowsCelSemantics(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("1 < 'a'")]
    [TestCase("[1] < [2]")]
    [TestCase("null < null")]
    public void Relation_Unordered_IsNoMatchingOverload(string expression) =>
        TestCel.ShouldFail(expression).Message.ShouldStartWith("no matching overload");

    [Test]
    public void HashOf_EqualNumbersOfDifferentTypes_AreEqual()
    {
        CelEquality.HashOf(3L).ShouldBe(CelEquality.HashOf(3UL));
        CelEquality.HashOf(3L).ShouldBe(CelEquality.HashOf(3.0));
    }
}
