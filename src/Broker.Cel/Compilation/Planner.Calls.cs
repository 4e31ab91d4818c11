using Broker.Cel.Library;
using Broker.Cel.Parsing;
using Broker.Cel.Parsing.Ast;
using Broker.Cel.Runtime;
using Broker.Cel.Runtime.Nodes;

namespace Broker.Cel.Compilation;

internal sealed partial class Planner
{
    private Node PlanCall(CallExpr call)
    {
        if (call.Target is null)
        {
            switch (call.Function)
            {
                case Operators.LogicalAnd:
                    return new AndNode(Plan(call.Args[0]), Plan(call.Args[1]));
                case Operators.LogicalOr:
                    return new OrNode(Plan(call.Args[0]), Plan(call.Args[1]));
                case Operators.Conditional:
                    return new ConditionalNode(Plan(call.Args[0]), Plan(call.Args[1]), Plan(call.Args[2]));
                case Operators.Equal or Operators.NotEqual or Operators.Less or Operators.LessEqual or Operators.Greater or Operators.GreaterEqual:
                    return new RelationNode(call.Function, Plan(call.Args[0]), Plan(call.Args[1]));
            }
            return Global(call, call.Function.TrimStart('.'), [.. call.Args.Select(Plan)]);
        }

        // `optional.of(x)`, `strings.quote(s)`: a namespaced global, unless `optional` is a variable.
        if (QualifiedName(call.Target) is { } ns && !StartsWithLocal(call.Target) && ResolveName(ns.Name, ns.Rooted) is null or ConstantNode
            && _functions.Contains(ns.Name + "." + call.Function))
        {
            return Global(call, ns.Name + "." + call.Function, [.. call.Args.Select(Plan)]);
        }

        var target = QualifiedOperand(call.Target) ?? Plan(call.Target);
        if (call.Function == "matches" && call.Args is [ConstantExpr { Value: string pattern }])
        {
            return Re2Pattern.TryTranslate(pattern, out var translated, out var problem)
                ? new MatchesNode(target, translated, Re2Pattern.Compile(translated, environment.Limits.RegexTimeout))
                : throw Error(call.Args[0].Position, $"invalid regular expression '{pattern}': {problem}");
        }
        if (_functions.TryGet(call.Function, receiver: true, call.Args.Count, out var function))
        {
            return new CallNode(call.Function, function, [target, .. call.Args.Select(Plan)]);
        }
        return Unresolved(call, receiver: true);
    }

    private Node Global(CallExpr call, string name, Node[] args)
    {
        if (_functions.TryGet(name, receiver: false, args.Length, out var function))
        {
            return new CallNode(name, function, args);
        }
        return Unresolved(call with { Function = name }, receiver: false);
    }

    private Node Unresolved(CallExpr call, bool receiver)
    {
        var name = call.Function;
        string reason;
        if (!_functions.Contains(name))
        {
            reason = $"undeclared reference to function '{name}'";
        }
        else if (!_functions.HasStyle(name, receiver))
        {
            reason = receiver ? $"function '{name}' cannot be called as a method; call {name}(...)" : $"function '{name}' must be called as a method, e.g. x.{name}(...)";
        }
        else
        {
            reason = $"found no matching overload for '{name}' with {call.Args.Count} argument(s)";
        }
        if (!environment.CheckDeclarations)
        {
            return new ErrorNode(reason);
        }
        throw Error(call.Position, reason);
    }

    private Node PlanComprehension(ComprehensionExpr comprehension)
    {
        var range = Plan(comprehension.Range);
        var slot1 = _scope.Push(comprehension.Variable);
        var slot2 = comprehension.Variable2 is null ? -1 : _scope.Push(comprehension.Variable2);
        var predicate = comprehension.Predicate is null ? null : Plan(comprehension.Predicate);
        var transform = comprehension.Transform is null ? null : Plan(comprehension.Transform);
        _scope.Pop(comprehension.Variable2 is null ? 1 : 2);
        return new ComprehensionNode(comprehension.Kind, range, slot1, slot2, predicate, transform);
    }
}
