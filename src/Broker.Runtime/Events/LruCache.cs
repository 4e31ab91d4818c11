namespace Broker.Runtime.Events;

/// <summary>A map that forgets its least recently used entry once full, so memory stays flat however many objects come and
/// go. Not thread-safe: the event writer is its only user.</summary>
public sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = []; // most recently used first

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(capacity);
    }

    public int Capacity { get; }

    public int Count => _entries.Count;

    /// <summary>Finds the entry and marks it as used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            value = default!;
            return false;
        }

        _order.Remove(node);
        _order.AddFirst(node);
        value = node.Value.Value;
        return true;
    }

    /// <summary>Adds or replaces the entry as the most recently used, evicting the least recently used one when full.</summary>
    public void Set(TKey key, TValue value)
    {
        Remove(key);
        if (_entries.Count >= Capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }

        _entries[key] = _order.AddFirst(KeyValuePair.Create(key, value));
    }

    /// <summary>Removes entries from the least recently used on while <paramref name="stale"/> holds, stopping at the
    /// first that is not; returns how many went.</summary>
    public int RemoveOldestWhile<TState>(TState state, Func<TValue, TState, bool> stale)
    {
        var removed = 0;
        while (_order.Last is { } oldest && stale(oldest.Value.Value, state))
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            removed++;
        }

        return removed;
    }

    public bool Remove(TKey key)
    {
        if (!_entries.Remove(key, out var node))
        {
            return false;
        }

        _order.Remove(node);
        return true;
    }
}
