using System.Runtime.CompilerServices;

namespace Broker.Runtime.Cache;

/// <summary>
/// Records parsed lately from cached objects, in a fixed number of slots (one per hash of the cached object's identity):
/// an object being reconciled now is read by several passes and wake-ups and parsed once, while an idle object's record
/// does not stay in memory beside its JSON (a record per cached object cost about 1.5 KiB per Placement). A cached object
/// never changes, so a slot holding it holds its record; a newer version is another object and is parsed anew.
/// Thread-safe: a slot is one reference, replaced whole. Callers must not change the records they get.
/// </summary>
public sealed class RecentlyParsed<T>(int slots, Func<CachedObject, T> parse)
    where T : class
{
    private readonly Entry?[] _slots = new Entry?[slots];

    public T Get(CachedObject cached)
    {
        ref var slot = ref _slots[(int)((uint)RuntimeHelpers.GetHashCode(cached) % (uint)_slots.Length)];
        if (Volatile.Read(ref slot) is { } entry && ReferenceEquals(entry.Source, cached))
        {
            return entry.Value;
        }

        var value = parse(cached);
        Volatile.Write(ref slot, new Entry(cached, value));
        return value;
    }

    private sealed record Entry(CachedObject Source, T Value);
}
