namespace Broker.Runtime.Cache;

/// <summary>What the cached objects of one store share, in one reference per object instead of four: the endpoint URL
/// that reported them, the dictionary their JSON is compressed with (null: kept as it is), the store's indexes and the
/// objects' namespace. A store has one per endpoint, dictionary and namespace name (a few: thousands of workspaces use
/// the same few namespace names, "default" mostly).</summary>
internal sealed class CacheOrigin(Uri endpoint, JsonDictionary? dictionary, IndexLayout indexes, string ns)
{
    public string Namespace { get; } = ns;

    public Uri Endpoint { get; } = endpoint;

    public JsonDictionary? Dictionary { get; } = dictionary;

    public IndexLayout Indexes { get; } = indexes;
}
