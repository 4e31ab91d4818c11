namespace Broker.Cel.Tests.Library;

internal sealed class OptionalFunctionsTests
{
    private const string Object = """{"spec": {"replicas": 2, "labels": {"env": "dev"}}}""";

    [TestCase("self.?spec.?replicas.orValue(1)", "2")]
    [TestCase("self.?spec.?missing.orValue(1)", "1")]
    [TestCase("self.?status.?ready.hasValue()", "false")]
    [TestCase("self.spec.?labels.env", "optional.of('dev')")]
    [TestCase("self.spec.labels[?'team'].orValue('none')", "'none'")]
    [TestCase("self.spec.labels[?'env'].value()", "'dev'")]
    [TestCase("optional.none().or(optional.of(3)).value()", "3")]
    [TestCase("optional.of(1).or(optional.of(3)).value()", "1")]
    [TestCase("optional.ofNonZeroValue('').hasValue()", "false")]
    [TestCase("optional.ofNonZeroValue('x').hasValue()", "true")]
    [TestCase("[1, ?optional.none(), ?optional.of(3)]", "[1, 3]")]
    [TestCase("{'a': 1, ?'b': optional.none(), ?'c': optional.of(2)}", "{'a': 1, 'c': 2}")]
    [TestCase("[10, 20][?5].orValue(0)", "0")]
    [TestCase("[?self.spec.?replicas, ?self.spec.?missing]", "[2]")]
    [TestCase("self.spec.?replicas.optMap(r, r * 2).value()", "4")]
    [TestCase("self.spec.?missing.optMap(r, r * 2).hasValue()", "false")]
    [TestCase("self.?spec.optFlatMap(s, s.?labels).value()", "{'env': 'dev'}")]
    public void Optional_Expression_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected, Object);

    [Test]
    public void Value_OnNone_IsEvaluationError() =>
        TestCel.ShouldFail("optional.none().value()").Message.ShouldContain("optional.none()");
}
