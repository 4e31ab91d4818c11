namespace Broker.Cel.Tests.Library;

internal sealed class StringsExtensionTests
{
    [TestCase("'hello'.charAt(1)", "'e'")]
    [TestCase("'hello'.charAt(5)", "''")]
    [TestCase("'😀ab'.charAt(1)", "'a'")]
    [TestCase("'hello'.indexOf('l')", "2")]
    [TestCase("'hello'.indexOf('l', 3)", "3")]
    [TestCase("'hello'.indexOf('z')", "-1")]
    [TestCase("'héllo wörld'.indexOf('w')", "6")]
    [TestCase("'hello'.lastIndexOf('l')", "3")]
    [TestCase("'hello'.lastIndexOf('l', 2)", "2")]
    [TestCase("'hello'.lastIndexOf('')", "5")]
    [TestCase("'TacoCat'.lowerAscii()", "'tacocat'")]
    [TestCase("'TacoCÄt'.upperAscii()", "'TACOCÄT'")]
    [TestCase("'a-b-c'.replace('-', '+')", "'a+b+c'")]
    [TestCase("'a-b-c'.replace('-', '+', 1)", "'a+b-c'")]
    [TestCase("'a-b-c'.replace('-', '+', 0)", "'a-b-c'")]
    [TestCase("'a,b,c'.split(',')", "['a', 'b', 'c']")]
    [TestCase("'a,b,c'.split(',', 2)", "['a', 'b,c']")]
    [TestCase("'a,b,c'.split(',', 0)", "[]")]
    [TestCase("'abc'.split('')", "['a', 'b', 'c']")]
    [TestCase("'tacocat'.substring(4)", "'cat'")]
    [TestCase("'tacocat'.substring(0, 4)", "'taco'")]
    [TestCase("'  \\t trim \\n '.trim()", "'trim'")]
    [TestCase("['x', 'y'].join()", "'xy'")]
    [TestCase("['x', 'y'].join(', ')", "'x, y'")]
    [TestCase("strings.quote('a\"b\\n')", "'\"a\\\\\"b\\\\n\"'")]
    [TestCase("'%s/%d/%.2f/%x'.format(['a', 7, 1.5, 255])", "'a/7/1.50/ff'")]
    [TestCase("'100%% %s'.format([true])", "'100% true'")]
    [TestCase("'%s'.format([{'b': 2u, 'a': [b'x', null, 1.5]}])", "'{a: [x, null, 1.5], b: 2}'")]
    [TestCase("'%s %b'.format([duration('90s'), true])", "'90s 1'")]
    [TestCase("'stressed'.reverse()", "'desserts'")]
    public void Function_ValidArguments_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("'hello'.charAt(6)")]
    [TestCase("'hello'.charAt(-1)")]
    [TestCase("'hello'.indexOf('l', 10)")]
    [TestCase("'hello'.substring(3, 2)")]
    [TestCase("'hello'.substring(9)")]
    [TestCase("[1, 2].join()")]
    [TestCase("'%d'.format(['x'])")]
    [TestCase("'%s %s'.format(['only one'])")]
    public void Function_InvalidArguments_IsEvaluationError(string expression) =>
        TestCel.ShouldFail(expression);
}
