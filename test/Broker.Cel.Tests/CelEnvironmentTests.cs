namespace Broker.Cel.Tests;

internal sealed class CelEnvironmentTests
{
    [Test]
    public void Compile_SyntaxError_ReportsLineColumnAndCaret()
    {
        var error = Should.Throw<CelCompileException>(() => TestCel.Environment.Compile("self.a &&\n  (self.b ==)"));

        error.Line.ShouldBe(2);
        error.Column.ShouldBe(13);
        error.Excerpt.ShouldBe(" |   (self.b ==)\n | ............^");
        error.Message.ShouldStartWith("2:13: Syntax error: unexpected ')'");
    }

    [TestCase("self.a +", "Syntax error: unexpected end of input")]
    [TestCase("'unterminated", "Syntax error: unterminated string literal")]
    [TestCase("1 # 2", "Syntax error: unexpected character '#'")]
    [TestCase("'\\q'", "Syntax error: invalid escape sequence")]
    [TestCase("9223372036854775808", "Syntax error: integer literal out of range")]
    [TestCase("if", "Syntax error: reserved identifier 'if'")]
    [TestCase("[1, 2].all(1, true)", "Syntax error: argument must be a simple name")]
    [TestCase("has(self)", "Syntax error: invalid argument to has() macro")]
    [TestCase("nope", "undeclared reference to 'nope' (in container '')")]
    [TestCase("self.a + other", "undeclared reference to 'other' (in container '')")]
    [TestCase("frobnicate(self)", "undeclared reference to function 'frobnicate'")]
    [TestCase("size(1, 2)", "found no matching overload for 'size' with 2 argument(s)")]
    [TestCase("'a'.startsWith()", "found no matching overload for 'startsWith' with 0 argument(s)")]
    [TestCase("self.int(1)", "function 'int' cannot be called as a method; call int(...)")]
    [TestCase("Message{a: 1}", "message construction is not supported: 'Message'")]
    public void Compile_InvalidExpression_ThrowsWithReason(string expression, string reason)
    {
        var error = Should.Throw<CelCompileException>(() => TestCel.Environment.Compile(expression));

        error.Reason.ShouldBe(reason);
    }

    [Test]
    public void Compile_UndeclaredVariable_PointsAtIt()
    {
        var error = Should.Throw<CelCompileException>(() => TestCel.Environment.Compile("self.a == 1 && other.b"));

        (error.Line, error.Column).ShouldBe((1, 16));
        error.Excerpt.ShouldEndWith(" | ...............^");
    }

    [Test]
    public void Compile_LongerThanLimit_Throws()
    {
        var environment = TestCel.Environment.WithLimits(CelLimits.Default with { MaxExpressionLength = 20 });

        var error = Should.Throw<CelCompileException>(() => environment.Compile("self.a == 'some long string value'"));

        error.Reason.ShouldContain("over the limit of 20");
    }

    [TestCase("((((((((((((1))))))))))))")]
    [TestCase("[[[[[[[[[[[[1]]]]]]]]]]]]")]
    [TestCase("1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1")]
    [TestCase("[[[[[[[[[[[[1]]]]]]]]]]]].all(x, true)")]
    [TestCase("!!!!!!!!!!!!!true")]
    public void Compile_DeeperThanLimit_Throws(string expression)
    {
        var environment = TestCel.Environment.WithLimits(CelLimits.Default with { MaxNestingDepth = 10 });

        var error = Should.Throw<CelCompileException>(() => environment.Compile(expression));

        error.Reason.ShouldContain("nesting exceeds the limit of 10");
    }

    [Test]
    public void Compile_LongLogicalChain_IsBalancedNotNested()
    {
        var expression = string.Join(" && ", Enumerable.Range(0, 2000).Select(i => $"self.a != {i}"));
        var environment = TestCel.Environment.WithLimits(CelLimits.Default with { MaxExpressionLength = 100_000, MaxNestingDepth = 20 });

        var program = environment.Compile(expression);

        program.Evaluate(new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(StringComparer.Ordinal) { ["self"] = System.Text.Json.Nodes.JsonNode.Parse("""{"a": -1}""") }).ShouldBe(true);
    }

    [Test]
    public async Task Compile_DeepestAllowedNesting_CompilesAndEvaluatesOnAWorkerThread()
    {
        var depth = (CelLimits.Default.MaxNestingDepth / 4) - 1; // each size([ is a call, an argument, a list, an element
        var expression = string.Concat(Enumerable.Repeat("size([", depth)) + "1" + string.Concat(Enumerable.Repeat("])", depth));

        var result = await Task.Run(() => TestCel.Eval(expression));

        result.ShouldBe(1L);
    }

    [Test]
    public void Compile_HostileNesting_FailsCleanlyWithDefaultLimits()
    {
        var expression = new string('(', 3000) + "1" + new string(')', 3000);

        Should.Throw<CelCompileException>(() => TestCel.Environment.Compile(expression)).Reason.ShouldContain("nesting");
    }

    [Test]
    public void Compile_Container_ResolvesQualifiedVariable()
    {
        var environment = CelEnvironment.Create("a.b.x").WithContainer("a.b.c");

        var program = environment.Compile("x + 1");

        program.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["a.b.x"] = 41L }).ShouldBe(42L);
    }

    [Test]
    public void Compile_MacrosDisabled_TreatsAllAsFunction()
    {
        var environment = TestCel.Environment.WithMacros(false);

        Should.Throw<CelCompileException>(() => environment.Compile("[1].all(x, x > 0)")).Reason.ShouldContain("'all'");
    }

    [Test]
    public void Compile_DeclarationChecksDisabled_DefersErrorsToEvaluation()
    {
        var program = TestCel.Environment.WithDeclarationChecks(false).Compile("unknown(1) || true");

        program.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal)).ShouldBe(true);
    }

    [Test]
    public void WithFunction_HostFunctions_AreCallableAndChecked()
    {
        var environment = TestCel.Environment
            .WithFunction("double_it", 1, args => (long)args[0]! * 2)
            .WithFunction("shout", 0, args => ((string)args[0]!).ToUpperInvariant() + "!", receiver: true)
            .WithFunction("fail", 0, _ => throw new CelEvaluationException("host said no"));

        environment.Compile("double_it(21) == 42 && 'hi'.shout() == 'HI!'").Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal)).ShouldBe(true);
        environment.Compile("fail() || true").Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal)).ShouldBe(true);
        Should.Throw<CelEvaluationException>(() => environment.Compile("fail()").Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal)))
            .Message.ShouldBe("host said no");
        Should.Throw<CelCompileException>(() => environment.Compile("double_it(1, 2)")).Reason.ShouldContain("no matching overload for 'double_it'");
    }

    [Test]
    public void WithFunction_ReplacingBuiltIn_Throws() =>
        Should.Throw<ArgumentException>(() => TestCel.Environment.WithFunction("size", 1, _ => 0L));
}
