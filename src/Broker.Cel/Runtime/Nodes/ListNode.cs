using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>A list literal; an element marked optional (<c>[?x]</c>) is included only when present.</summary>
internal sealed class ListNode(Node[] elements, bool[] optional) : Node
{
    public override bool IsConstantLiteral => elements.All(e => e is ConstantNode);

    public override object? Eval(EvalContext context)
    {
        context.Step();
        context.Allocate(elements.Length);
        var items = new List<object?>(elements.Length);
        for (var i = 0; i < elements.Length; i++)
        {
            var value = elements[i].Eval(context);
            if (value is CelError)
            {
                return value;
            }
            if (!optional[i])
            {
                items.Add(value);
            }
            else if (value is CelOptional opt)
            {
                if (opt.HasValue)
                {
                    items.Add(opt.Value);
                }
            }
            else
            {
                return CelError.NoMatchingOverload("optional element", value);
            }
        }
        return new ArrayCelList([.. items]);
    }
}
