namespace Broker.Cel.Tests.Parsing;

internal sealed class LexerTests
{
    [TestCase("0x1F", "31")]
    [TestCase("-0x1", "-1")]
    [TestCase("42u", "uint(42)")]
    [TestCase("0xFFu", "255u")]
    [TestCase("1e3", "1000.0")]
    [TestCase(".5", "0.5")]
    [TestCase("-9223372036854775808", "int('-9223372036854775808')")]
    [TestCase("'\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"\\`\\?'", "\"\\x07\\x08\\x0c\\x0a\\x0d\\x09\\x0b\\\\'\\\"`?\"")]
    [TestCase("'\\x41\\101\\u0041\\U00000041'", "'AAAA'")]
    [TestCase("r'\\n'", "'\\\\n'")]
    [TestCase("R\"\\d\"", "'\\\\d'")]
    [TestCase("'''a\nb'''", "'a\\nb'")]
    [TestCase("\"\"\"it's \"quoted\" \"\"\"", "'it\\'s \"quoted\" '")]
    [TestCase("b'\\xff\\000'", "bytes('') + b'\\377' + b'\\x00'")]
    [TestCase("b'ÿ'", "b'\\303\\277'")]
    [TestCase("rb'\\x'", "b'\\\\x'")]
    [TestCase("1 // a comment\n + 1", "2")]
    [TestCase("{'a-b': 1}.`a-b`", "1")]
    public void Literal_Form_DecodesToValue(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);
}
