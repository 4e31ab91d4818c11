namespace Broker.Cel.Runtime.Nodes;

/// <summary>A macro variable, held in a slot of the evaluation context.</summary>
internal sealed class LocalNode(int slot) : Node
{
    public override object? Eval(EvalContext context) => context.Locals[slot];
}
