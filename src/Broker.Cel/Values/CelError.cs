namespace Broker.Cel.Values;

/// <summary>An evaluation error carried as a value, so that <c>&amp;&amp;</c>, <c>||</c> and the
/// macros can absorb it as the CEL specification requires instead of unwinding the stack.</summary>
public sealed class CelError(string message)
{
    public string Message { get; } = message;

    public override string ToString() => Message;

    internal static CelError NoMatchingOverload(string function, params ReadOnlySpan<object?> args)
    {
        var types = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            types[i] = CelTypes.Of(args[i]).Name;
        }
        return new CelError($"no matching overload for '{function}' applied to '({string.Join(", ", types)})'");
    }

    internal static CelError NoSuchKey(object? key) => new($"no such key: {CelFormatter.Format(key)}");

    internal static CelError NoSuchField(string field) => new($"no such key: '{field}'");
}
