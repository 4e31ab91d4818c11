namespace Broker.Cel.Runtime.Nodes;

internal sealed class ConstantNode(object? value) : Node
{
    public object? Value => value;

    public override object? Eval(EvalContext context) => value;
}
