using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>Commutative <c>||</c>: <c>true</c> on either side wins over an error on the other.</summary>
internal sealed class OrNode(Node left, Node right) : Node
{
    public override object? Eval(EvalContext context)
    {
        var l = left.Eval(context);
        if (l is true)
        {
            return Boxes.True;
        }
        var r = right.Eval(context);
        if (r is true)
        {
            return Boxes.True;
        }
        if (l is false && r is false)
        {
            return Boxes.False;
        }
        return l is CelError ? l : r is CelError ? r : CelError.NoMatchingOverload("_||_", l, r);
    }
}
