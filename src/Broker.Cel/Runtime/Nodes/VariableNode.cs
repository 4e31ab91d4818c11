using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>A declared variable; unbound at evaluation time is an error value, not an exception.</summary>
internal sealed class VariableNode(string name) : Node
{
    public override object? Eval(EvalContext context) =>
        context.TryGetVariable(name, out var value) ? value : new CelError($"no such attribute: unbound variable '{name}'");
}
