using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>A strict call: arguments are evaluated left to right, the first error is the result,
/// otherwise the library function runs.</summary>
internal sealed class CallNode(string name, CelFunction function, Node[] args) : Node
{
    public string Name => name;

    public override object? Eval(EvalContext context)
    {
        context.Step();
        if (args.Length <= 4)
        {
            var buffer = new ArgumentBuffer();
            Span<object?> values = buffer;
            values = values[..args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                var value = args[i].Eval(context);
                if (value is CelError)
                {
                    return value;
                }
                values[i] = value;
            }
            return function(values, context);
        }
        var array = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var value = args[i].Eval(context);
            if (value is CelError)
            {
                return value;
            }
            array[i] = value;
        }
        return function(array, context);
    }
}
