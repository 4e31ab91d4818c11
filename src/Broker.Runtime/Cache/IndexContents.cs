using System.Collections.Immutable;
using Broker.Kcp.Models;
using Broker.Runtime.Cache.Trees;

namespace Broker.Runtime.Cache;

/// <summary>One index of a <see cref="StoreSnapshot"/>: its entries ordered by value, then key (an index value's
/// objects are a range), or for an index of counts only (<see cref="CacheIndex.CountsOnly"/>) the number of objects per
/// value and no entries.</summary>
internal readonly record struct IndexContents(PersistentTree<IndexEntry, IndexOrder> Entries, ImmutableDictionary<string, int>? Counts)
{
    public static IndexContents For(CacheIndex index) =>
        new(PersistentTree<IndexEntry, IndexOrder>.Empty, index.CountsOnly ? ImmutableDictionary.Create<string, int>(StringComparer.Ordinal) : null);

    /// <summary>The instance of <paramref name="value"/> already filed, so objects share one; else the name table's.</summary>
    public string Known(string value, NameTable? names) =>
        Counts is { } counts ? counts.TryGetKey(value, out var known) ? known : names?.Intern(value) ?? value
        : Entries.TryFirst(new ValueProbe(value), out var entry) && string.Equals(entry.Value, value, StringComparison.Ordinal) ? entry.Value
        : names?.Intern(value) ?? value;

    /// <summary>With <paramref name="old"/>'s values (at <paramref name="position"/>) out and <paramref name="updated"/>'s in.</summary>
    public IndexContents Write(int position, CachedObject? old, CachedObject? updated)
    {
        var (entries, counts) = this;
        if (old is not null)
        {
            foreach (var value in old.Indexed.In(position))
            {
                if (counts is not null)
                {
                    var left = counts[value] - 1;
                    counts = left == 0 ? counts.Remove(value) : counts.SetItem(value, left);
                }
                else if (updated is null || !Has(updated, position, value))
                {
                    entries = entries.Remove(new IndexEntry(value, old)); // a value both have is replaced below
                }
            }
        }

        foreach (var value in updated is null ? default : updated.Indexed.In(position))
        {
            entries = counts is null ? entries.Set(new IndexEntry(value, updated!)) : entries;
            counts = counts?.SetItem(value, counts.GetValueOrDefault(value) + 1);
        }

        return new IndexContents(entries, counts);
    }

    private static bool Has(CachedObject obj, int position, string value)
    {
        foreach (var other in obj.Indexed.In(position))
        {
            if (string.Equals(other, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
