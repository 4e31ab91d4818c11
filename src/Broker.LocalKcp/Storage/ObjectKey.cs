namespace Broker.LocalKcp.Storage;

/// <summary>Identity of one stored object: logical cluster name, namespace ("" when cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string Cluster, string Namespace, string Name)
{
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Cluster}|{Name}" : $"{Cluster}|{Namespace}/{Name}";
}
