namespace Broker.Cel.Runtime;

/// <summary>A planned, immutable step of a compiled program. Errors are returned as
/// <see cref="Values.CelError"/> values; only budget overruns throw.</summary>
internal abstract class Node
{
    public abstract object? Eval(EvalContext context);
}
