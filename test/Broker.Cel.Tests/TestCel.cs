using System.Text.Json.Nodes;
using Broker.Cel.Values;

namespace Broker.Cel.Tests;

/// <summary>Compiles and evaluates expressions over <c>self</c>/<c>oldSelf</c> JSON, and compares a
/// result with an expected value written as a CEL literal (same type, same value).</summary>
internal static class TestCel
{
    public static CelEnvironment Environment { get; } = CelEnvironment.Create("self", "oldSelf");

    public static object? Eval(string expression, string? selfJson = null, CelLimits? limits = null)
    {
        var program = Environment.Compile(expression);
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["self"] = selfJson is null ? null : JsonNode.Parse(selfJson),
        };
        return program.Evaluate(variables, limits);
    }

    public static void ShouldEvaluateTo(string expression, string expected, string? selfJson = null)
    {
        var actual = Eval(expression, selfJson);
        var wanted = Eval(expected);
        CelTypes.Of(actual).ShouldBe(CelTypes.Of(wanted), $"type of `{expression}` = {CelFormatter.Format(actual)}");
        CelEquality.AreEqual(wanted, actual).ShouldBeTrue($"`{expression}` = {CelFormatter.Format(actual)}, expected {CelFormatter.Format(wanted)}");
    }

    public static CelEvaluationException ShouldFail(string expression, string? selfJson = null) =>
        Should.Throw<CelEvaluationException>(() => Eval(expression, selfJson));
}
