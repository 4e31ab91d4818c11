using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>has(a.f)</c>: whether the map holds the key; errors in <c>a</c> propagate.</summary>
internal sealed class HasNode(Node operand, string field) : Node
{
    public override object? Eval(EvalContext context)
    {
        context.Step();
        var target = operand.Eval(context);
        return target switch
        {
            CelMap map => Boxes.Bool(map.ContainsKey(field)),
            CelOptional { HasValue: false } => Boxes.False,
            CelOptional { Value: CelMap inner } => Boxes.Bool(inner.ContainsKey(field)),
            CelError => target,
            _ => new CelError($"invalid type for field selection: '{CelTypes.Of(target).Name}'"),
        };
    }
}
