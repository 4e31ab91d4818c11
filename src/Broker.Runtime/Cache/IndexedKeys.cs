using System.Collections.Immutable;

namespace Broker.Runtime.Cache;

/// <summary>The keys filed under one index value, immutable. Most values name one object (a copy's Secret, a consumer
/// object's owner label, a workspace's name), so one key is kept as itself, inline in the index's dictionary: a set of
/// one (the set and its node) cost about 120 bytes per such object. Only a value shared by several objects holds a set.</summary>
internal readonly struct IndexedKeys
{
    private readonly ObjectKey _single; // when _many is null: the one key, or default (no key) when empty
    private readonly ImmutableHashSet<ObjectKey>? _many;

    private IndexedKeys(ObjectKey single, ImmutableHashSet<ObjectKey>? many) => (_single, _many) = (single, many);

    public int Count => _many?.Count ?? (_single.Name is null ? 0 : 1);

    public IEnumerable<ObjectKey> Keys => _many ?? (_single.Name is null ? [] : [_single]);

    public IndexedKeys Add(ObjectKey key) =>
        _many is { } many ? new(default, many.Add(key))
        : _single.Name is null || _single == key ? new(key, null)
        : new(default, [_single, key]);

    /// <summary>Without <paramref name="key"/>; a set left with one key goes back to holding it inline.</summary>
    public IndexedKeys Remove(ObjectKey key)
    {
        if (_many is null)
        {
            return _single == key ? default : this;
        }

        var rest = _many.Remove(key);
        return rest.Count == 1 ? new(rest.First(), null) : new(default, rest);
    }
}
