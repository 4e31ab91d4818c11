using System.Collections.Frozen;
using Broker.Cel.Runtime;

namespace Broker.Cel.Library;

/// <summary>The functions an expression may call, keyed by name, call style (global or receiver)
/// and argument count, so unknown functions and wrong arity are rejected at compile time.
/// Overloads by argument type are resolved by each function at run time.</summary>
internal sealed class FunctionRegistry
{
    private readonly FrozenDictionary<FunctionKey, CelFunction> _functions;
    private readonly FrozenSet<string> _names;

    private FunctionRegistry(Dictionary<FunctionKey, CelFunction> functions)
    {
        _functions = functions.ToFrozenDictionary();
        _names = functions.Keys.Select(k => k.Name).ToFrozenSet(StringComparer.Ordinal);
    }

    public static FunctionRegistry Standard { get; } = Build();

    /// <summary>A registry with additional, host-defined functions; an overload may not replace a built-in one.</summary>
    public FunctionRegistry With(FunctionKey key, CelFunction function)
    {
        if (_functions.ContainsKey(key))
        {
            throw new ArgumentException($"function '{key.Name}' with {key.Arity} argument(s) is already defined", nameof(key));
        }
        var functions = new Dictionary<FunctionKey, CelFunction>(_functions) { [key] = function };
        return new FunctionRegistry(functions);
    }

    public bool Contains(string name) => _names.Contains(name);

    public bool TryGet(string name, bool receiver, int arity, out CelFunction function) =>
        _functions.TryGetValue(new FunctionKey(name, receiver, arity), out function!);

    public bool HasStyle(string name, bool receiver) => _functions.Keys.Any(k => k.Name == name && k.Receiver == receiver);

    private static FunctionRegistry Build()
    {
        var builder = new Builder();
        Arithmetic.Register(builder);
        Relations.Register(builder);
        Conversions.Register(builder);
        StringFunctions.Register(builder);
        TimeFunctions.Register(builder);
        StringsExtension.Register(builder);
        ListsExtension.Register(builder);
        OptionalFunctions.Register(builder);
        EncodersExtension.Register(builder);
        MathExtension.Register(builder);
        NetworkExtension.Register(builder);
        return new FunctionRegistry(builder.Functions);
    }

    internal readonly record struct FunctionKey(string Name, bool Receiver, int Arity);

    internal sealed class Builder
    {
        public Dictionary<FunctionKey, CelFunction> Functions { get; } = [];

        public void Global(string name, int arity, CelFunction function) => Functions.Add(new FunctionKey(name, false, arity), function);

        /// <summary>A receiver call <c>t.name(args)</c>; <paramref name="arity"/> excludes the receiver,
        /// which the function gets as its first argument.</summary>
        public void Member(string name, int arity, CelFunction function) => Functions.Add(new FunctionKey(name, true, arity), function);

        public void Both(string name, int arity, CelFunction function)
        {
            Global(name, arity + 1, function);
            Member(name, arity, function);
        }
    }
}
