using System.Text.Json.Nodes;

namespace Broker.Cel.Tests.Library;

internal sealed class Re2PatternTests
{
    [TestCase("'abc'.matches('^a.c$')", "true")]
    [TestCase("'abc'.matches('b')", "true")]
    [TestCase("'ABC'.matches('(?i)abc')", "true")]
    [TestCase("'k8s-1'.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')", "true")]
    [TestCase("'١٢'.matches('^\\\\d+$')", "false")]
    [TestCase("'12'.matches('^\\\\d+$')", "true")]
    [TestCase("'ab'.matches('(?P<first>a)b')", "true")]
    [TestCase("matches('abc', 'c$')", "true")]
    [TestCase("'abc\\n'.matches('^abc$')", "false")]
    [TestCase("'l1\\nl2'.matches('(?m)^l1$')", "true")]
    [TestCase("'é'.matches('^\\\\w$')", "false")]
    [TestCase("'a_1'.matches('^\\\\w+$')", "true")]
    [TestCase("'\\u00a0'.matches('\\\\s')", "false")]
    [TestCase("'a1'.matches('^[[:alpha:]][[:digit:]]$')", "true")]
    [TestCase("'x]'.matches('^[]x]+$')", "true")]
    [TestCase("'a-b'.matches('^[\\\\w-]+$')", "true")]
    public void Matches_Re2Pattern_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("(?=a)", "lookaround")]
    [TestCase("(?<!a)b", "lookaround")]
    [TestCase("(a)\\\\1", "backreferences")]
    [TestCase("(?>a)", "atomic")]
    [TestCase("a++", "possessive")]
    [TestCase("[", "Unterminated")]
    [TestCase("\\\\Qa\\\\E", "not supported")]
    public void Compile_NonRe2ConstantPattern_IsCompileError(string pattern, string reason)
    {
        var error = Should.Throw<CelCompileException>(() => TestCel.Environment.Compile($"'x'.matches('{pattern}')"));
        error.Reason.ShouldContain(reason);
        error.Column.ShouldBe(13);
    }

    [Test]
    public void Matches_NonRe2DynamicPattern_IsEvaluationError()
    {
        var error = TestCel.ShouldFail("'x'.matches(self.pattern)", """{"pattern": "(?=x)"}""");
        error.Message.ShouldContain("lookaround");
    }

    [Test]
    public void Matches_SlowerThanTimeout_FailsWithLimitError()
    {
        var program = TestCel.Environment.Compile("self.text.matches('(a|b|ab)*c$')");
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["self"] = new JsonObject { ["text"] = new string('a', 2_000_000) + "b" },
        };
        var limits = CelLimits.Default with { RegexTimeout = TimeSpan.FromTicks(1) };

        var error = Should.Throw<CelLimitExceededException>(() => program.Evaluate(variables, limits));

        error.Message.ShouldContain("timeout");
    }

    [Test]
    public void Matches_EnvironmentRegexTimeout_AppliesToCompiledPattern()
    {
        var environment = TestCel.Environment.WithLimits(CelLimits.Default with { RegexTimeout = TimeSpan.FromTicks(1) });
        var program = environment.Compile("self.text.matches('(a|b|ab)*c$')");
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["self"] = new JsonObject { ["text"] = new string('a', 2_000_000) + "b" },
        };

        Should.Throw<CelLimitExceededException>(() => program.Evaluate(variables)).Message.ShouldContain("timeout");
    }

    [TestCase("self.text.matches('a+b')")]
    [TestCase("matches(self.text, 'a+b')")]
    [TestCase("self.text.findAll('a+b').size() == 0")]
    public void Matches_InputTimesPatternOverTheBudget_StepLimitWhateverTheClock(string expression)
    {
        // 1,000 steps of input; a pattern of over 16 characters doubles the charge: over a budget of 1,500 on any machine.
        var program = TestCel.Environment.Compile(expression.Replace("a+b", "a+b|c+d|e+f|g+h|i+j", StringComparison.Ordinal));
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["self"] = new JsonObject { ["text"] = new string('a', 16_000) } };

        Should.Throw<CelLimitExceededException>(() => program.Evaluate(variables, CelLimits.Default with { MaxSteps = 1_500 })).Message.ShouldContain("step budget");
        TestCel.Environment.Compile(expression).Evaluate(variables, CelLimits.Default with { MaxSteps = 1_500 }).ShouldBe(expression.Contains("findAll", StringComparison.Ordinal));
    }

    [Test]
    public void Default_RegexTimeout_IsASafetyNetNotTheLimit() =>
        CelLimits.Default.RegexTimeout.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10)); // 100 ms failed a kubectl apply on a starved CPU
}
