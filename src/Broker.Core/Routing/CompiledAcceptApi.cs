using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>An AcceptAPI ready to be matched: filters parsed, identity and rendezvous weight precomputed.</summary>
public sealed class CompiledAcceptApi
{
    internal CompiledAcceptApi(AcceptApiId id, ProviderIdentity provider, GvrKey gvr, string apiExportName, int priority, IReadOnlyList<CompiledFilter> filters, IExpressionPredicate? expression = null, ICompiledTranslation? translation = null)
    {
        Translation = translation;
        Expression = expression;
        Id = id;
        Provider = provider;
        Gvr = gvr;
        ApiExportName = apiExportName;
        Priority = priority;
        FilterArray = [.. filters];
        ProviderHash = RendezvousHash.OfProvider(id);
    }

    public AcceptApiId Id { get; }

    public ProviderIdentity Provider { get; }

    public GvrKey Gvr { get; }

    public string ApiExportName { get; }

    public int Priority { get; }

    public IReadOnlyList<CompiledFilter> Filters => FilterArray;

    // An array, not the interface: foreach over IReadOnlyList boxes an enumerator on the hot path.
    internal CompiledFilter[] FilterArray { get; }

    /// <summary>The compiled <c>spec.expression</c>, which must hold in addition to the filters.</summary>
    public IExpressionPredicate? Expression { get; }

    /// <summary>The compiled <c>spec.translation</c>: null when the provider serves the brokered resource itself.</summary>
    public ICompiledTranslation? Translation { get; }

    internal ulong ProviderHash { get; }

    /// <summary>Whether every filter holds for the object (GVR is the caller's concern: the index groups by it).</summary>
    public bool Matches(JsonElement obj)
    {
        foreach (var filter in FilterArray)
        {
            var found = filter.Key.TryResolve(obj, out var value);
            if (!filter.Matches(found, value))
            {
                return false;
            }
        }

        return Expression is null || Expression.Matches(obj, out _);
    }

    /// <summary>The first failing filter's reason, or null when the object is accepted.</summary>
    public string? Explain(JsonElement obj)
    {
        foreach (var filter in FilterArray)
        {
            var found = filter.Key.TryResolve(obj, out var value);
            if (filter.Explain(found, value) is { } reason)
            {
                return reason;
            }
        }

        return Expression is null || Expression.Matches(obj, out var expressionReason) ? null : expressionReason;
    }

    public override string ToString() => $"{Id} ({Gvr}, priority {Priority})";
}
