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
        var builder = new LibraryBuilder();
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
        RegexExtension.Register(builder);
        SetsExtension.Register(builder);
        return new FunctionRegistry(builder.Functions);
    }
}
