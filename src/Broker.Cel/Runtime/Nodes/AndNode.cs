using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>Commutative <c>&amp;&amp;</c>: <c>false</c> on either side wins over an error on the other.</summary>
internal sealed class AndNode(Node left, Node right) : Node
{
    public override object? Eval(EvalContext context)
    {
        var l = left.Eval(context);
        if (l is false)
        {
            return Boxes.False;
        }
        var r = right.Eval(context);
        if (r is false)
        {
            return Boxes.False;
        }
        if (l is true && r is true)
        {
            return Boxes.True;
        }
        return l is CelError ? l : r is CelError ? r : CelError.NoMatchingOverload("_&&_", l, r);
    }
}
