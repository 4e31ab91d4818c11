namespace Broker.Runtime.Cache;

/// <summary>What the cached objects of one store share, in one reference per object instead of three: the endpoint URL
/// that reported them, the dictionary their JSON is compressed with (null: kept as it is) and the store's indexes. A
/// store has one per endpoint and dictionary (a few).</summary>
internal sealed class CacheOrigin(Uri endpoint, JsonDictionary? dictionary, IndexLayout indexes)
{
    public Uri Endpoint { get; } = endpoint;

    public JsonDictionary? Dictionary { get; } = dictionary;

    public IndexLayout Indexes { get; } = indexes;
}
