using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>a.?f</c>: <c>optional.of(a.f)</c> when present, <c>optional.none()</c> when absent.</summary>
internal sealed class OptionalSelectNode(Node operand, string field) : Node
{
    public override object? Eval(EvalContext context)
    {
        context.Step();
        var target = operand.Eval(context);
        return target switch
        {
            CelMap map => map.TryGetValue(field, out var value) ? CelOptional.Of(value) : CelOptional.None,
            CelOptional optional => SelectNode.Chain(optional, field),
            CelError => target,
            _ => new CelError($"type '{CelTypes.Of(target).Name}' does not support field selection"),
        };
    }
}
