using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Cel.Tests;

internal sealed class CelProgramTests
{
    private const string Job = """{"metadata": {"name": "nightly", "labels": {"app.kubernetes.io/name": "x"}}, "status": {"succeeded": 3, "ratio": 0.5, "whole": 2.0}}""";

    [TestCase("self.status.succeeded", "3")]
    [TestCase("self.status.ratio", "0.5")]
    [TestCase("self.status.whole", "2.0")]
    [TestCase("self.metadata.labels['app.kubernetes.io/name']", "'x'")]
    [TestCase("has(self.status.succeeded) && self.status.succeeded >= 1", "true")]
    [TestCase("has(self.status.failed)", "false")]
    [TestCase("has(self.status.failed) && self.status.failed > 0", "false")]
    [TestCase("!has(self.status.failed) || self.status.failed == 0", "true")]
    [TestCase("self.status.failed > 0 || true", "true")]
    [TestCase("self.?status.?failed.orValue(0)", "0")]
    [TestCase("self.status.succeeded == 3.0 && self.status.succeeded == 3u", "true")]
    [TestCase("type(self.metadata) == map && type(self.status.succeeded) == int", "true")]
    public void Evaluate_JsonVariable_ReadsIntsDoublesAndAbsentFields(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected, Job);

    [Test]
    public void Evaluate_AbsentField_IsEvaluationErrorNamingTheKey()
    {
        var error = TestCel.ShouldFail("self.status.failed > 0", Job);

        error.Message.ShouldBe("no such key: 'failed'");
    }

    [Test]
    public void Evaluate_UnboundVariable_IsEvaluationError()
    {
        var program = TestCel.Environment.Compile("oldSelf.a");

        Should.Throw<CelEvaluationException>(() => program.Evaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal)))
            .Message.ShouldContain("oldSelf");
    }

    [Test]
    public void Evaluate_JsonNodesBuiltInCode_ReadsClrPrimitives()
    {
        var program = CelEnvironment.Create("o").Compile("o.i + 1 == 3 && o.d == 1.5 && o.s == 'x' && o.b && o.l.size() == 2");
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["o"] = new JsonObject { ["i"] = 2, ["d"] = 1.5, ["s"] = "x", ["b"] = true, ["l"] = new JsonArray(1, 2) },
        };

        program.Evaluate(variables).ShouldBe(true);
    }

    [Test]
    public void EvaluateCondition_NonBoolResult_Throws()
    {
        var program = TestCel.Environment.Compile("1 + 1");

        Should.Throw<CelEvaluationException>(() => program.EvaluateCondition(new Dictionary<string, JsonNode?>(StringComparer.Ordinal)))
            .Message.ShouldBe("expected a bool result, got int");
    }

    [Test]
    public void TryEvaluate_Error_ReturnsFalseWithMessage()
    {
        var program = TestCel.Environment.Compile("1 / 0");

        program.TryEvaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal), out _, out var error).ShouldBeFalse();

        error.ShouldBe("divide by zero");
    }

    [Test]
    public void Evaluate_StepBudgetExceeded_ThrowsLimitError()
    {
        var limits = CelLimits.Default with { MaxSteps = 10_000 };

        var error = Should.Throw<CelLimitExceededException>(() =>
            TestCel.Eval("lists.range(1000).all(i, lists.range(1000).all(j, i + j >= 0))", limits: limits));

        error.Message.ShouldBe("evaluation exceeded the step budget of 10000");
    }

    [Test]
    public void Evaluate_AllocationBudgetExceeded_ThrowsLimitError()
    {
        var limits = CelLimits.Default with { MaxAllocatedSize = 100_000 };

        var error = Should.Throw<CelLimitExceededException>(() =>
            TestCel.Eval("lists.range(20).map(i, lists.range(1000)).flatten().map(x, 'xxxxxxxxxx' + string(x))", limits: limits));

        error.Message.ShouldContain("allocation budget of 100000");
    }

    [Test]
    public void Evaluate_QuadraticScanOverLargeInput_StopsAtStepBudget()
    {
        var items = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create(i))]);
        var program = CelEnvironment.Create("items").Compile("items.all(i, i in items && items.indexOf(i) >= 0)");

        Should.Throw<CelLimitExceededException>(() => program.Evaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["items"] = items }));
    }

    [Test]
    public void Evaluate_DistinctOfLargeInput_IsLinear()
    {
        var items = new JsonArray([.. Enumerable.Range(0, 200_000).Select(i => (JsonNode?)JsonValue.Create(i % 1000))]);
        var program = CelEnvironment.Create("items").Compile("items.distinct().size()");

        program.Evaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["items"] = items }).ShouldBe(1000L);
    }

    [Test]
    public void Evaluate_HugeNestedComprehension_StopsAtDefaultBudget()
    {
        Should.Throw<CelLimitExceededException>(() =>
            TestCel.Eval("lists.range(300).all(i, lists.range(300).all(j, lists.range(300).all(k, i + j + k >= 0)))"));
    }

    [Test]
    public void Evaluate_SameProgramFromManyThreads_GivesEachItsOwnResult()
    {
        var program = CelEnvironment.Create("n").Compile("[1, 2, 3].map(x, x * n).sum()");
        var results = new long[200];

        Parallel.For(0, results.Length, i =>
        {
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["n"] = (long)i };
            results[i] = (long)program.Evaluate(variables)!;
        });

        results.Select((r, i) => r == 6L * i).ShouldAllBe(ok => ok);
    }

    [Test]
    public void Evaluate_CompiledOnce_EvaluatesAgainstDifferentObjects()
    {
        var program = TestCel.Environment.Compile("self.spec.replicas >= 2");

        program.EvaluateCondition(Bind("""{"spec": {"replicas": 3}}""")).ShouldBeTrue();
        program.EvaluateCondition(Bind("""{"spec": {"replicas": 1}}""")).ShouldBeFalse();
    }

    [Test]
    public void Evaluate_JsonElementShared_ReadsWithoutCopyingFromManyThreads()
    {
        using var document = JsonDocument.Parse(Job);
        var program = CelEnvironment.Create("self", "n").Compile(
            "self.status.succeeded + n == 3 + n && self.metadata.labels.size() == 1 && has(self.status.ratio) && !has(self.spec)");
        var results = new bool[100];

        Parallel.For(0, results.Length, i =>
            results[i] = program.EvaluateCondition(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = document.RootElement, ["n"] = (long)i }));

        results.ShouldAllBe(ok => ok);
        CelJson.ToJson(program.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = document.RootElement, ["n"] = 0L }))!
            .ToJsonString().ShouldBe("true");
    }

    [Test]
    public void ToJson_JsonElementMap_RoundTrips()
    {
        using var document = JsonDocument.Parse(Job);
        var program = CelEnvironment.Create("self").Compile("self.metadata");

        var json = CelJson.ToJson(program.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = document.RootElement }));

        json!.ToJsonString().ShouldBe("""{"name":"nightly","labels":{"app.kubernetes.io/name":"x"}}""");
    }

    private static Dictionary<string, JsonNode?> Bind(string json) =>
        new(StringComparer.Ordinal) { ["self"] = JsonNode.Parse(json) };
}
