using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>
/// Compiles an AcceptAPI's <c>spec.expression</c>. The router is pure and knows no expression language;
/// the host plugs one in (CEL, in Broker.Controllers).
/// </summary>
public interface IExpressionCompiler
{
    /// <summary>The compiled predicate, or null with <paramref name="error"/> saying why it does not compile.</summary>
    IExpressionPredicate? Compile(string expression, out string? error);
}

/// <summary>A compiled expression over the object (<c>self</c>); immutable and thread-safe.</summary>
public interface IExpressionPredicate
{
    string Expression { get; }

    /// <summary>True when the expression holds; false with <paramref name="reason"/> when it is false or fails.</summary>
    bool Matches(JsonElement obj, out string? reason);
}
