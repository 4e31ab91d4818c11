namespace Broker.Cel.Runtime;

/// <summary>A planned, immutable step of a compiled program. Errors are returned as
/// <see cref="Values.CelError"/> values; only budget overruns throw.</summary>
internal abstract class Node
{
    /// <summary>A list or map literal whose parts are all constants, so it can be built at compile time.</summary>
    public virtual bool IsConstantLiteral => false;

    public abstract object? Eval(EvalContext context);
}
