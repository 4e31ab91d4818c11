using System.Collections.Frozen;
using Broker.Cel.Compilation;
using Broker.Cel.Library;
using Broker.Cel.Parsing;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel;

/// <summary>What expressions may refer to: declared variables, a container (namespace) for
/// qualified names, and limits. Immutable; the <c>With…</c> methods return copies. Compile once
/// with <see cref="Compile"/> and evaluate the resulting <see cref="CelProgram"/> many times.</summary>
public sealed class CelEnvironment
{
    private readonly FrozenSet<string> _variables;

    private CelEnvironment(FrozenSet<string> variables, string container, CelLimits limits, bool checkDeclarations, bool macros, FunctionRegistry? functions = null)
    {
        _variables = variables;
        Functions = functions ?? FunctionRegistry.Standard;
        Container = container;
        Limits = limits;
        CheckDeclarations = checkDeclarations;
        Macros = macros;
    }

    /// <summary>An environment that declares <paramref name="variables"/> (e.g. <c>self</c>, <c>oldSelf</c>).</summary>
    public static CelEnvironment Create(params IEnumerable<string> variables) =>
        new(variables.ToFrozenSet(StringComparer.Ordinal), "", CelLimits.Default, checkDeclarations: true, macros: true);

    public IReadOnlySet<string> Variables => _variables;

    internal FunctionRegistry Functions { get; }

    /// <summary>The namespace qualified names are resolved in, e.g. <c>a.b</c> lets <c>x</c> mean <c>a.b.x</c>.</summary>
    public string Container { get; }

    public CelLimits Limits { get; }

    /// <summary>When false, undeclared variables and unknown functions become evaluation errors
    /// instead of compile errors (for conformance runs with the checker disabled).</summary>
    public bool CheckDeclarations { get; }

    /// <summary>Whether <c>has</c>, <c>all</c>, <c>map</c> ... expand as macros.</summary>
    public bool Macros { get; }

    public CelEnvironment WithVariables(params IEnumerable<string> variables) =>
        new(_variables.Concat(variables).ToFrozenSet(StringComparer.Ordinal), Container, Limits, CheckDeclarations, Macros, Functions);

    public CelEnvironment WithContainer(string container) => new(_variables, container, Limits, CheckDeclarations, Macros, Functions);

    public CelEnvironment WithLimits(CelLimits limits) => new(_variables, Container, limits, CheckDeclarations, Macros, Functions);

    public CelEnvironment WithDeclarationChecks(bool enabled) => new(_variables, Container, Limits, enabled, Macros, Functions);

    public CelEnvironment WithMacros(bool enabled) => new(_variables, Container, Limits, CheckDeclarations, enabled, Functions);

    /// <summary>Adds a host function <c>name(a, b)</c> (or <c>target.name(a)</c> when
    /// <paramref name="receiver"/> is true, the target passed first). It gets error-free CEL values and
    /// returns one; throwing <see cref="CelEvaluationException"/> makes the call a CEL error.
    /// <paramref name="arity"/> counts the arguments without the target.</summary>
    public CelEnvironment WithFunction(string name, int arity, Func<IReadOnlyList<object?>, object?> implementation, bool receiver = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(implementation);
        CelFunction function = (args, _) =>
        {
            try
            {
                return implementation(args.ToArray());
            }
            catch (CelEvaluationException e) when (e is not CelLimitExceededException)
            {
                return new CelError(e.Message);
            }
        };
        var key = new FunctionKey(name, receiver, arity);
        return new(_variables, Container, Limits, CheckDeclarations, Macros, Functions.With(key, function));
    }

    internal bool IsDeclared(string name) => _variables.Contains(name);

    /// <summary>Parses and checks <paramref name="expression"/>.</summary>
    /// <exception cref="CelCompileException">With line, column and a caret excerpt.</exception>
    public CelProgram Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var source = new SourceText(expression);
        if (expression.Length > Limits.MaxExpressionLength)
        {
            throw CelCompileException.At(source, Limits.MaxExpressionLength,
                $"expression is {expression.Length} characters long, over the limit of {Limits.MaxExpressionLength}");
        }
        var ast = Parser.Parse(source, Limits.MaxNestingDepth, Macros);
        var planner = new Planner(source, this);
        var root = planner.Plan(ast);
        return new CelProgram(expression, root, planner.SlotCount, Limits);
    }
}
