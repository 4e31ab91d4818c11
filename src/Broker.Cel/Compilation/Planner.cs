using Broker.Cel.Library;
using Broker.Cel.Parsing;
using Broker.Cel.Parsing.Ast;
using Broker.Cel.Runtime;
using Broker.Cel.Runtime.Nodes;
using Broker.Cel.Values;

namespace Broker.Cel.Compilation;

/// <summary>Checks a parsed expression against the declarations (variables, functions and their
/// arities) and turns it into an immutable tree of <see cref="Node"/>s. Qualified names such as
/// <c>a.b.c</c> resolve to the longest declared variable, honouring the container.</summary>
internal sealed partial class Planner(SourceText source, CelEnvironment environment)
{
    private readonly MacroScope _scope = new();
    private readonly FunctionRegistry _functions = environment.Functions;

    public int SlotCount => _scope.SlotCount;

    public Node Plan(Expr expr) => expr switch
    {
        ConstantExpr constant => new ConstantNode(constant.Value),
        IdentExpr ident => PlanIdent(ident),
        SelectExpr select => PlanSelect(select),
        CallExpr call => PlanCall(call),
        ListExpr list => Fold(new ListNode([.. list.Elements.Select(Plan)], [.. list.Optional])),
        MapExpr map => Fold(new MapNode([.. map.Entries.Select(e => Plan(e.Key))], [.. map.Entries.Select(e => Plan(e.Value))], [.. map.Entries.Select(e => e.Optional)])),
        StructExpr structure => throw Error(structure.Position, $"message construction is not supported: '{structure.TypeName}'"),
        ComprehensionExpr comprehension => PlanComprehension(comprehension),
        _ => throw Error(expr.Position, $"unsupported expression {expr.GetType().Name}"),
    };

    // A literal of constants is built once, at compile time; an error (a repeated key) stays a runtime error.
    private static Node Fold(Node literal)
    {
        if (!literal.IsConstantLiteral)
        {
            return literal;
        }
        var value = literal.Eval(new EvalContext(null, null, 0, CelLimits.Default));
        return value is CelError ? literal : new ConstantNode(value);
    }

    private Node PlanIdent(IdentExpr ident)
    {
        if (!ident.RootScoped && _scope.TryResolve(ident.Name, out var slot))
        {
            return new LocalNode(slot);
        }
        return ResolveName(ident.Name, ident.RootScoped) ?? Undeclared(ident.Position, ident.Name);
    }

    private Node PlanSelect(SelectExpr select)
    {
        if (!select.TestOnly && !select.Optional && QualifiedName(select) is { } qualified && !StartsWithLocal(select)
            && ResolveName(qualified.Name, qualified.Rooted) is { } whole)
        {
            return whole;
        }
        var operand = QualifiedOperand(select.Operand) ?? Plan(select.Operand);
        if (select.TestOnly)
        {
            return new HasNode(operand, select.Field);
        }
        if (select.Optional)
        {
            return new OptionalSelectNode(operand, select.Field);
        }
        return new SelectNode(operand, select.Field);
    }

    // `a.b` as the operand of a selection: a declared `a.b` wins over field `b` of `a`.
    private Node? QualifiedOperand(Expr operand)
    {
        if (operand is not SelectExpr { TestOnly: false, Optional: false } || StartsWithLocal(operand) || QualifiedName(operand) is not { } name)
        {
            return null;
        }
        return ResolveName(name.Name, name.Rooted);
    }

    private bool StartsWithLocal(Expr expr) => expr switch
    {
        IdentExpr ident => !ident.RootScoped && _scope.TryResolve(ident.Name, out _),
        SelectExpr select => StartsWithLocal(select.Operand),
        _ => true,
    };

    private static (string Name, bool Rooted)? QualifiedName(Expr expr) => expr switch
    {
        IdentExpr ident => (ident.Name, ident.RootScoped),
        SelectExpr { TestOnly: false, Optional: false } select when QualifiedName(select.Operand) is { } prefix => (prefix.Name + "." + select.Field, prefix.Rooted),
        _ => null,
    };

    /// <summary>A declared variable or a type name, searched in the container from the innermost
    /// namespace outwards (<c>a.b.x</c>, <c>a.x</c>, <c>x</c> for container <c>a.b</c>).</summary>
    private Node? ResolveName(string name, bool rooted)
    {
        foreach (var candidate in Candidates(name, rooted))
        {
            if (environment.IsDeclared(candidate))
            {
                return new VariableNode(candidate);
            }
        }
        return CelTypes.FromName(name) is { } type ? new ConstantNode(type) : null;
    }

    private IEnumerable<string> Candidates(string name, bool rooted)
    {
        if (!rooted)
        {
            var container = environment.Container;
            while (container.Length > 0)
            {
                yield return container + "." + name;
                var dot = container.LastIndexOf('.');
                container = dot < 0 ? "" : container[..dot];
            }
        }
        yield return name;
    }

    private Node Undeclared(int position, string name)
    {
        if (!environment.CheckDeclarations)
        {
            return new VariableNode(name);
        }
        throw Error(position, $"undeclared reference to '{name}' (in container '{environment.Container}')");
    }

    private CelCompileException Error(int position, string reason) => CelCompileException.At(source, position, reason);
}
