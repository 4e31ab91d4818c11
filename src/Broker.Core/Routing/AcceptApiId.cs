namespace Broker.Core.Routing;

/// <summary>Identity of an AcceptAPI: provider cluster, namespace and name (upstream ignored the namespace; we don't).</summary>
public readonly record struct AcceptApiId(string ProviderCluster, string Namespace, string Name)
{
    /// <summary>Ordinal order by cluster, namespace, name: the deterministic order of every listing.</summary>
    public static IComparer<AcceptApiId> Order { get; } = Comparer<AcceptApiId>.Create(static (a, b) =>
    {
        var byCluster = string.CompareOrdinal(a.ProviderCluster, b.ProviderCluster);
        if (byCluster != 0)
        {
            return byCluster;
        }

        var byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
    });

    public override string ToString() => Namespace.Length == 0 ? $"{ProviderCluster}|{Name}" : $"{ProviderCluster}|{Namespace}/{Name}";
}
