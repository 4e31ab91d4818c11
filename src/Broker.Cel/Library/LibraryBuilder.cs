using Broker.Cel.Runtime;

namespace Broker.Cel.Library;

/// <summary>Collects the functions of the libraries while <see cref="FunctionRegistry"/> is built.</summary>
internal sealed class LibraryBuilder
{
    public Dictionary<FunctionKey, CelFunction> Functions { get; } = [];

    public void Global(string name, int arity, CelFunction function) => Functions.Add(new FunctionKey(name, false, arity), function);

    /// <summary>A receiver call <c>t.name(args)</c>; <paramref name="arity"/> excludes the receiver,
    /// which the function gets as its first argument.</summary>
    public void Member(string name, int arity, CelFunction function) => Functions.Add(new FunctionKey(name, true, arity), function);

    /// <summary>Both <c>name(t, args)</c> and <c>t.name(args)</c>.</summary>
    public void Both(string name, int arity, CelFunction function)
    {
        Global(name, arity + 1, function);
        Member(name, arity, function);
    }
}
