using Broker.Cel.Parsing;
using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>== != &lt; &lt;= &gt; &gt;=</c> without a library call: these dominate conditions, so
/// same-type ints and doubles take a direct path.</summary>
internal sealed class RelationNode(string op, Node left, Node right) : Node
{
    private readonly int _kind = op switch
    {
        Operators.Equal => 0,
        Operators.NotEqual => 1,
        Operators.Less => 2,
        Operators.LessEqual => 3,
        Operators.Greater => 4,
        _ => 5,
    };

    public override object? Eval(EvalContext context)
    {
        context.Step();
        var l = left.Eval(context);
        if (l is CelError)
        {
            return l;
        }
        var r = right.Eval(context);
        if (r is CelError)
        {
            return r;
        }
        if (l is long x && r is long y)
        {
            return Boxes.Bool(Test(x.CompareTo(y)));
        }
        if (_kind <= 1)
        {
            return Boxes.Bool(CelEquality.AreEqual(l, r) == (_kind == 0));
        }
        var order = CelOrdering.Compare(l, r);
        return order switch
        {
            null => CelError.NoMatchingOverload(op, l, r),
            CelOrdering.Unordered => Boxes.False,
            _ => Boxes.Bool(Test(order.Value)),
        };
    }

    private bool Test(int order) => _kind switch
    {
        0 => order == 0,
        1 => order != 0,
        2 => order < 0,
        3 => order <= 0,
        4 => order > 0,
        _ => order >= 0,
    };
}
