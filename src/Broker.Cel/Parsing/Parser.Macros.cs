using Broker.Cel.Parsing.Ast;

namespace Broker.Cel.Parsing;

internal sealed partial class Parser
{
    private Expr ExpandGlobalCall(int position, string function, List<Expr> args)
    {
        if (_macros && function == "has" && args.Count == 1)
        {
            if (args[0] is SelectExpr { TestOnly: false, Optional: false } select)
            {
                return select with { TestOnly = true };
            }
            throw Error(args[0].Position, "invalid argument to has() macro");
        }
        return new CallExpr(position, null, function, args);
    }

    private Expr ExpandReceiverCall(int position, Expr target, string function, List<Expr> args)
    {
        if (!_macros)
        {
            return new CallExpr(position, target, function, args);
        }
        if (target is IdentExpr { Name: "cel" } && function == "bind" && args.Count == 3)
        {
            // cel.bind(name, init, body): body sees name bound to init.
            return new ComprehensionExpr(position, MacroKind.Bind, args[1], VariableName(args[0]), null, null, args[2]);
        }
        if (target is IdentExpr { Name: "cel" } && BlockExpansion(position, function, args) is { } block)
        {
            return block;
        }
        switch (function, args.Count)
        {
            case ("all", 2):
                return OneVariable(position, MacroKind.All, target, args, predicate: args[1], transform: null);
            case ("exists", 2):
                return OneVariable(position, MacroKind.Exists, target, args, predicate: args[1], transform: null);
            case ("exists_one" or "existsOne", 2):
                return OneVariable(position, MacroKind.ExistsOne, target, args, predicate: args[1], transform: null);
            case ("filter", 2):
                return OneVariable(position, MacroKind.Filter, target, args, predicate: args[1], transform: null);
            case ("map", 2):
                return OneVariable(position, MacroKind.Map, target, args, predicate: null, transform: args[1]);
            case ("map", 3):
                return OneVariable(position, MacroKind.Map, target, args, predicate: args[1], transform: args[2]);
            case ("optMap", 2):
                return OneVariable(position, MacroKind.OptionalMap, target, args, predicate: null, transform: args[1]);
            case ("optFlatMap", 2):
                return OneVariable(position, MacroKind.OptionalFlatMap, target, args, predicate: null, transform: args[1]);
            case ("all", 3):
                return TwoVariables(position, MacroKind.All, target, args, predicate: args[2], transform: null);
            case ("exists", 3):
                return TwoVariables(position, MacroKind.Exists, target, args, predicate: args[2], transform: null);
            case ("exists_one" or "existsOne", 3):
                return TwoVariables(position, MacroKind.ExistsOne, target, args, predicate: args[2], transform: null);
            case ("transformList", 3):
                return TwoVariables(position, MacroKind.TransformList, target, args, predicate: null, transform: args[2]);
            case ("transformList", 4):
                return TwoVariables(position, MacroKind.TransformList, target, args, predicate: args[2], transform: args[3]);
            case ("transformMap", 3):
                return TwoVariables(position, MacroKind.TransformMap, target, args, predicate: null, transform: args[2]);
            case ("transformMap", 4):
                return TwoVariables(position, MacroKind.TransformMap, target, args, predicate: args[2], transform: args[3]);
            default:
                return new CallExpr(position, target, function, args);
        }
    }

    private ComprehensionExpr OneVariable(int position, MacroKind kind, Expr target, List<Expr> args, Expr? predicate, Expr? transform) =>
        new(position, kind, target, VariableName(args[0]), null, predicate, transform);

    private ComprehensionExpr TwoVariables(int position, MacroKind kind, Expr target, List<Expr> args, Expr? predicate, Expr? transform)
    {
        var first = VariableName(args[0]);
        var second = VariableName(args[1]);
        if (first == second)
        {
            throw Error(args[1].Position, $"duplicate variable name '{second}'");
        }
        return new ComprehensionExpr(position, kind, target, first, second, predicate, transform);
    }

    private string VariableName(Expr arg) => arg is IdentExpr { RootScoped: false } ident
        ? ident.Name
        : throw Error(arg.Position, "argument must be a simple name");

    // cel.block([e0, e1, ...], result) is the form cel-go's optimizer writes common subexpressions
    // in: cel.index(i) names e_i, and cel.iterVar/accuVar(d, i) name macro variables. Bindings
    // become nested cel.bind, indices and variables reserved names no user identifier can spell.
    private Expr? BlockExpansion(int position, string function, List<Expr> args)
    {
        switch (function, args)
        {
            case ("block", [ListExpr bindings, var result]):
                for (var i = bindings.Elements.Count - 1; i >= 0; i--)
                {
                    result = new ComprehensionExpr(position, MacroKind.Bind, bindings.Elements[i], $"@index{i}", null, null, result);
                }
                return result;
            case ("index", [ConstantExpr { Value: long index }]):
                return new IdentExpr(position, $"@index{index}");
            case ("iterVar" or "accuVar", [ConstantExpr { Value: long depth }, ConstantExpr { Value: long slot }]):
                return new IdentExpr(position, $"@{function}:{depth}:{slot}");
            default:
                return null;
        }
    }
}
