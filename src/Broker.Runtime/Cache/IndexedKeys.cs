using System.Collections.Immutable;

namespace Broker.Runtime.Cache;

/// <summary>The keys filed under one index value, immutable. Most values name one object (a copy's Secret, a consumer
/// object's owner label, a workspace's name), so one key is kept as itself, inline in the index's dictionary: a set of
/// one (the set and its node) cost about 120 bytes per such object. Only a value shared by several objects holds a set.
/// An index of counts only (<see cref="CacheIndex.CountsOnly"/>) keeps the number of objects and no keys.</summary>
internal readonly struct IndexedKeys
{
    private readonly ObjectKey _single; // when _many is null: the one key, or default (no key) when empty or counted
    private readonly ImmutableHashSet<ObjectKey>? _many;
    private readonly int _counted; // objects under the value of an index of counts only

    private IndexedKeys(ObjectKey single, ImmutableHashSet<ObjectKey>? many, int counted = 0) => (_single, _many, _counted) = (single, many, counted);

    public int Count => _many?.Count ?? (_single.Name is null ? _counted : 1);

    public IEnumerable<ObjectKey> Keys => _counted > 0
        ? throw new InvalidOperationException("An index of counts only lists no objects")
        : _many ?? (_single.Name is null ? [] : [_single]);

    /// <summary>One object more, for an index of counts only.</summary>
    public IndexedKeys AddCount() => new(default, null, _counted + 1);

    /// <summary>One object fewer, for an index of counts only.</summary>
    public IndexedKeys RemoveCount() => new(default, null, _counted - 1);

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
