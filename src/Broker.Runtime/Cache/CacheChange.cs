namespace Broker.Runtime.Cache;

/// <summary>What a write did to one key: <see cref="Old"/> null for an add, <see cref="New"/> null for a removal.
/// Published after the snapshot that contains it, so a reader reacting to it sees at least this state.</summary>
public sealed record CacheChange(ObjectKey Key, CachedObject? Old, CachedObject? New)
{
    /// <summary>The resourceVersion of <see cref="New"/> as the event that wrote it carried it (its header), when known.</summary>
    public string? KnownVersion { private get; init; }

    /// <summary>The resourceVersion of <see cref="New"/> (null for a removal): the event's, else read from the cached JSON
    /// (which decompresses it; every watch event of an informer carries it).</summary>
    public string? NewVersion => New is null ? null : KnownVersion ?? New.ResourceVersion;
}
