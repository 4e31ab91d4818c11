namespace Broker.Cel.Tests.Library;

internal sealed class ListsExtensionTests
{
    [TestCase("[1, 2, 3].isSorted()", "true")]
    [TestCase("['b', 'a'].isSorted()", "false")]
    [TestCase("[1, 2, 3].sum()", "6")]
    [TestCase("[1.5, 2.5].sum()", "4.0")]
    [TestCase("[].sum()", "0")]
    [TestCase("[3, 1, 2].min()", "1")]
    [TestCase("[3, 1, 2].max()", "3")]
    [TestCase("[1, 2, 3, 2].indexOf(2)", "1")]
    [TestCase("[1, 2, 3, 2].lastIndexOf(2)", "3")]
    [TestCase("[1, 2, 3].indexOf(9)", "-1")]
    [TestCase("[1, 2, 3, 4].slice(1, 3)", "[2, 3]")]
    [TestCase("[[1], [2, [3]]].flatten()", "[1, 2, [3]]")]
    [TestCase("[1, [2, [3, [4]]]].flatten(2)", "[1, 2, 3, [4]]")]
    [TestCase("[1, 2, 1, 3, 2].distinct()", "[1, 2, 3]")]
    [TestCase("[3, 1, 2].sort()", "[1, 2, 3]")]
    [TestCase("['b', 'c', 'a'].sort()", "['a', 'b', 'c']")]
    [TestCase("[1, 2, 3].reverse()", "[3, 2, 1]")]
    [TestCase("lists.range(3)", "[0, 1, 2]")]
    [TestCase("[1, 2].first()", "optional.of(1)")]
    [TestCase("[].last()", "optional.none()")]
    public void Function_ValidArguments_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("[].min()")]
    [TestCase("[1, 'a'].sort()")]
    [TestCase("[1, 'a'].sum()")]
    [TestCase("[1, 2].slice(1, 5)")]
    [TestCase("[1, 2].flatten(-1)")]
    public void Function_InvalidArguments_IsEvaluationError(string expression) =>
        TestCel.ShouldFail(expression);
}
