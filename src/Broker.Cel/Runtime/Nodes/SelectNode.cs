using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>a.f</c>: a map entry (absent is an error). On an optional operand the selection
/// is chained: <c>optional.none()</c> stays none, a present value yields an optional result.</summary>
internal sealed class SelectNode(Node operand, string field) : Node
{
    public override object? Eval(EvalContext context)
    {
        context.Step();
        var target = operand.Eval(context);
        switch (target)
        {
            case JsonCelMap json:
                return json.TryGetField(field, out var fieldValue) ? fieldValue : CelError.NoSuchField(field);
            case CelMap map:
                return map.TryGetValue(field, out var value) ? value : CelError.NoSuchField(field);
            case CelOptional optional:
                return Chain(optional, field);
            case CelError:
                return target;
            default:
                return new CelError($"type '{CelTypes.Of(target).Name}' does not support field selection");
        }
    }

    internal static object Chain(CelOptional optional, string field)
    {
        if (!optional.HasValue)
        {
            return optional;
        }
        return optional.Value switch
        {
            CelMap map => map.TryGetValue(field, out var value) ? CelOptional.Of(value) : CelOptional.None,
            var other => new CelError($"type '{CelTypes.Of(other).Name}' does not support field selection"),
        };
    }
}
