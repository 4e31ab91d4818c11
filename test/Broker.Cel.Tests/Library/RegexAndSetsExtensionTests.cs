namespace Broker.Cel.Tests.Library;

internal sealed class RegexAndSetsExtensionTests
{
    [TestCase("'abc 123 def 456'.find('[0-9]+')", "'123'")]
    [TestCase("'abc'.find('[0-9]+')", "''")]
    [TestCase("'abc 123 def 456'.findAll('[0-9]+')", "['123', '456']")]
    [TestCase("'a1b2c3'.findAll('[0-9]', 2)", "['1', '2']")]
    [TestCase("'a1b2c3'.findAll('[0-9]', 0)", "[]")]
    [TestCase("sets.contains([1, 2, 3], [2, 3])", "true")]
    [TestCase("sets.contains([1, 2], [3])", "false")]
    [TestCase("sets.contains([1, 2.0], [2u])", "true")]
    [TestCase("sets.equivalent([1, 2, 2], [2, 1])", "true")]
    [TestCase("sets.intersects(['a', 'b'], ['c', 'b'])", "true")]
    [TestCase("sets.intersects([], [1])", "false")]
    public void Function_ValidArguments_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [Test]
    public void Find_NonRe2Pattern_IsEvaluationError() =>
        TestCel.ShouldFail("'abc'.find('(?=a)')").Message.ShouldContain("lookaround");
}
