namespace Broker.LocalKcp.Storage;

/// <summary>
/// Which table an object lives in: group and resource, plus the APIExport identity for bound resources,
/// so that two exports of the same group/resource never share objects (kcp's etcd key layout).
/// </summary>
public readonly record struct StorageKey(string Group, string Resource, string Identity = "")
{
    public override string ToString() =>
        Identity.Length == 0 ? $"{Resource}.{Group}" : $"{Resource}.{Group}:{Identity}";
}
