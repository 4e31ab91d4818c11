namespace Broker.Cel.Tests.Parsing;

internal sealed class MacroTests
{
    [TestCase("[1, 2, 3].all(x, x > 0)", "true")]
    [TestCase("[1, 2, 3].exists(x, x > 2)", "true")]
    [TestCase("[1, 2, 3].exists_one(x, x > 1)", "false")]
    [TestCase("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]")]
    [TestCase("[1, 2, 3].map(x, x > 1, x * 2)", "[4, 6]")]
    [TestCase("[1, 2, 3].filter(x, x != 2)", "[1, 3]")]
    [TestCase("{'a': 1, 'b': 2}.map(k, k)", "['a', 'b']")]
    [TestCase("[10, 20].all(i, v, v == (i + 1) * 10)", "true")]
    [TestCase("{'a': 1, 'b': 2}.exists(k, v, k == 'b' && v == 2)", "true")]
    [TestCase("[10, 20].existsOne(i, v, v > 10)", "true")]
    [TestCase("[10, 20].transformList(i, v, i + v)", "[10, 21]")]
    [TestCase("[10, 20].transformList(i, v, i > 0, v)", "[20]")]
    [TestCase("['a', 'b'].transformMap(i, v, v + string(i))", "{0: 'a0', 1: 'b1'}")]
    [TestCase("{'a': 1, 'b': 2}.transformMap(k, v, v > 1, v * 10)", "{'b': 20}")]
    [TestCase("[[1, 2], [3]].all(l, l.all(x, x > 0))", "true")]
    [TestCase("[1, 2].map(x, [3, 4].map(y, x * y))", "[[3, 4], [6, 8]]")]
    [TestCase("[1, 0].exists(x, 1 / x == 1)", "true")]
    [TestCase("[0, 1].all(x, 1 / x > 5)", "false")]
    [TestCase("cel.bind(x, 20, x * x)", "400")]
    [TestCase("cel.bind(a, [1, 2], cel.bind(b, a.size(), a.map(x, x + b)))", "[3, 4]")]
    [TestCase("cel.bind(unused, 1 / 0, true)", "true")]
    [TestCase("base64.encode(b'hello')", "'aGVsbG8='")]
    [TestCase("base64.decode('aGVsbG8')", "b'hello'")]
    public void Macro_Expression_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("[0, 1].all(x, 1 / x > 0)", "divide by zero")]
    [TestCase("[0].exists_one(x, 1 / x == 1)", "divide by zero")]
    [TestCase("[1].map(x, x.foo)", "does not support field selection")]
    [TestCase("1.all(x, true)", "cannot iterate over 'int'")]
    public void Macro_ErrorInBody_Propagates(string expression, string message) =>
        TestCel.ShouldFail(expression).Message.ShouldContain(message);
}
