using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

internal sealed class ConditionalNode(Node condition, Node then, Node otherwise) : Node
{
    public override object? Eval(EvalContext context) => condition.Eval(context) switch
    {
        true => then.Eval(context),
        false => otherwise.Eval(context),
        CelError error => error,
        var other => CelError.NoMatchingOverload("_?_:_", other),
    };
}
