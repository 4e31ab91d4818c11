using Broker.Cel.Values;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Every test of every conformance file is one NUnit case, <c>file/section/test</c>.
/// Tests needing protobuf messages are ignored with that reason; the few others this engine
/// does not pass are listed, with a reason each, in <c>known-gaps.txt</c>.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ConformanceTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        var directory = ConformanceSuite.FindDirectory();
        if (ConformanceSuite.Problem(directory) is { } problem)
        {
            // A missing suite fails the run: skipping it would let every conformance case go unchecked unnoticed.
            yield return new TestCaseData(null).SetName("conformance/missing").SetDescription(problem);
            yield break;
        }
        var gaps = KnownGaps.Load();
        foreach (var test in ConformanceSuite.Load(directory))
        {
            var data = new TestCaseData(test).SetName(test.FullName);
            if (ProtobufRequirement.Reason(test) is { } protobuf)
            {
                data.Ignore(protobuf);
            }
            else if (KnownGaps.TryFind(gaps, test.FullName, out var gap))
            {
                data.Ignore("known gap: " + gap);
            }
            else if (test.Test.Get("unknown") is not null || test.Test.Get("any_unknowns") is not null)
            {
                data.Ignore("unknown-value evaluation is not supported");
            }
            yield return data;
        }
    }

    // Function declarations have no implementation in a conformance file: they serve the checker only.
    private static CelEnvironment DeclareFunctions(CelEnvironment environment, List<TextProto.TextProtoMessage> declarations)
    {
        foreach (var declaration in declarations.Where(d => d.Get("function") is not null))
        {
            var name = declaration.String("name")!;
            var shapes = declaration.Message("function")!.All("overloads")
                .Select(o => (Receiver: o.Message!.Bool("receiver_style"), Arity: o.Message!.All("params").Count()))
                .Distinct();
            foreach (var (receiver, arity) in shapes)
            {
                environment = environment.WithFunction(name, receiver ? arity - 1 : arity, _ => throw new CelEvaluationException($"no implementation bound for '{name}'"), receiver);
            }
        }
        return environment;
    }

    [TestCaseSource(nameof(Cases))]
    public void Conformance(ConformanceCase? test)
    {
        if (test is null)
        {
            Assert.Fail(ConformanceSuite.Problem(ConformanceSuite.FindDirectory()) ?? "the CEL conformance folder vanished during the run");
            return;
        }
        var spec = test.Test;
        var bindings = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var binding in spec.All("bindings").Select(b => b.Message!))
        {
            bindings[binding.String("key")!] = ConformanceValues.ToCel(binding.Message("value")!.Message("value")!);
        }
        var declarations = spec.All("type_env").Select(d => d.Message!).ToList();
        var declared = declarations.Where(d => d.Get("function") is null).Select(d => d.String("name")!).Concat(bindings.Keys);
        var environment = DeclareFunctions(CelEnvironment.Create(declared), declarations)
            .WithContainer(spec.String("container") ?? "")
            .WithDeclarationChecks(!spec.Bool("disable_check"))
            .WithMacros(!spec.Bool("disable_macros"));
        var expectsError = spec.Get("eval_error") is not null || spec.Get("any_eval_errors") is not null;

        CelProgram program;
        try
        {
            program = environment.Compile(test.Expr);
        }
        catch (CelCompileException e) when (expectsError)
        {
            TestContext.Out.WriteLine($"compile error, as expected: {e.Reason}");
            Assert.Pass();
            return;
        }
        if (spec.Bool("check_only"))
        {
            return;
        }

        var result = program.EvaluateRaw(bindings);
        if (expectsError)
        {
            result.ShouldBeOfType<CelError>($"expected an error from `{test.Expr}`, got {CelFormatter.Format(result)}");
            TestContext.Out.WriteLine($"error, as expected: {((CelError)result).Message}");
            return;
        }
        result.ShouldNotBeOfType<CelError>($"`{test.Expr}` failed: {(result as CelError)?.Message}");
        var expectedValue = spec.Message("value") ?? spec.Message("typed_result")?.Message("result");
        var expected = expectedValue is null ? true : ConformanceValues.ToCel(expectedValue);
        ConformanceValues.StrictEquals(expected, result).ShouldBeTrue(
            $"`{test.Expr}`: expected {CelFormatter.Format(expected)} ({CelTypes.Of(expected).Name}), got {CelFormatter.Format(result)} ({CelTypes.Of(result).Name})");
    }
}
