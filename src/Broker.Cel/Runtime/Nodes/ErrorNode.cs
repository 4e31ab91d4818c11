using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>A call that can only fail, kept when compile-time checking is disabled so the error
/// surfaces at evaluation (where <c>||</c> may still absorb it).</summary>
internal sealed class ErrorNode(string message) : Node
{
    public override object? Eval(EvalContext context) => new CelError(message);
}
