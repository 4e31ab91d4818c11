namespace Broker.Runtime.Cache;

/// <summary>What a write did to one key: <see cref="Old"/> null for an add, <see cref="New"/> null for a removal.
/// Published after the snapshot that contains it, so a reader reacting to it sees at least this state.</summary>
public sealed record CacheChange(ObjectKey Key, CachedObject? Old, CachedObject? New);
