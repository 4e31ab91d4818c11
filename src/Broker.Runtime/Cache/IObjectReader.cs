namespace Broker.Runtime.Cache;

/// <summary>Reads cached objects of one resource. Lock-free; results are immutable.</summary>
public interface IObjectReader
{
    bool TryGet(ObjectKey key, out CachedObject? obj);

    IReadOnlyList<CachedObject> List(string cluster, string? ns);
}
