namespace Broker.Runtime.Cache.Trees;

/// <summary>
/// An immutable, ordered B+tree of wide nodes: every write copies the path from the root to one leaf and shares the rest,
/// so a tree held by a reader never changes. A cache's objects (and each index's entries) are kept in one such tree:
/// per entry about a reference in a leaf, where the nested immutable dictionaries it replaces cost a node of about 64
/// bytes per entry and level; a write allocates one leaf and one node per level (a few for 50,000 entries) instead of
/// an AVL path of about 17 nodes. Leaves hold entries in order and inner nodes the first entry of each child, so a range
/// (a cluster, a namespace, an index value) is a seek and a scan. Not thread-safe for writes; reads need no lock.
/// </summary>
internal sealed class PersistentTree<T, TOrder>
    where TOrder : ITreeOrder<T>
{
    /// <summary>Entries (or children) a node holds at most; a node with fewer than a quarter is merged with a sibling.</summary>
    internal const int NodeSize = 32;
    private const int MinNodeSize = NodeSize / 4;

    public static readonly PersistentTree<T, TOrder> Empty = new(null, 0);

    private readonly Node? _root;

    private PersistentTree(Node? root, int count) => (_root, Count) = (root, count);

    public int Count { get; }

    /// <summary>Every entry, in order.</summary>
    public IEnumerable<T> All => _root is null ? [] : Scan(_root);

    /// <summary>The levels from the root to the leaves (0 when empty), for tests of the shape.</summary>
    internal int Height
    {
        get
        {
            var height = 0;
            for (var node = _root; node is not null; node = node.Children?[0])
            {
                height++;
            }

            return height;
        }
    }

    /// <summary>Throws unless every node is in order, within its size, and agrees with its parent, with every leaf at the
    /// same depth: for tests.</summary>
    internal void CheckShape()
    {
        if (_root is not null && Check(_root, Height) != Count)
        {
            throw new InvalidOperationException("The tree's count is not its entries'");
        }
    }

    /// <summary>The entry <paramref name="probe"/> names exactly.</summary>
    public bool TryGet<TProbe>(TProbe probe, out T entry)
        where TProbe : ITreeProbe<T>, allows ref struct =>
        TryFirst(probe, out entry) && probe.CompareTo(entry) == 0;

    /// <summary>The first entry at or after <paramref name="probe"/>.</summary>
    public bool TryFirst<TProbe>(TProbe probe, out T entry)
        where TProbe : ITreeProbe<T>, allows ref struct
    {
        entry = default!;
        return _root is not null && First(_root, ref probe, out entry);
    }

    /// <summary>Every entry at or after <paramref name="probe"/>, in order; the caller stops where its range ends.</summary>
    public IEnumerable<T> From<TProbe>(TProbe probe)
        where TProbe : ITreeProbe<T> =>
        _root is null ? [] : Scan(_root, probe);

    /// <summary>With <paramref name="entry"/> added, or replacing the entry equal to it.</summary>
    public PersistentTree<T, TOrder> Set(T entry)
    {
        if (_root is null)
        {
            return new PersistentTree<T, TOrder>(new Node([entry], null), 1);
        }

        var replaced = false;
        var (left, right) = Insert(_root, entry, ref replaced);
        var root = right is null ? left : new Node([left.First, right.First], [left, right]);
        return new PersistentTree<T, TOrder>(root, replaced ? Count : Count + 1);
    }

    /// <summary>Without the entry equal to <paramref name="entry"/>; this tree itself when there is none.</summary>
    public PersistentTree<T, TOrder> Remove(T entry)
    {
        if (_root is null)
        {
            return this;
        }

        var root = Remove(_root, entry, out var removed);
        if (!removed)
        {
            return this;
        }

        while (root is { Children: [var only] })
        {
            root = only; // a root of one child is a level too many
        }

        return new PersistentTree<T, TOrder>(root, Count - 1);
    }

    private static int Check(Node node, int levels)
    {
        if (node.Entries.Length is 0 or > NodeSize || (node.Children is null) != (levels == 1) || node.Children?.Length is { } n && n != node.Entries.Length)
        {
            throw new InvalidOperationException($"A node of {node.Entries.Length} entries at {levels} levels above the leaves' depth");
        }

        for (var i = 1; i < node.Entries.Length; i++)
        {
            if (TOrder.Compare(node.Entries[i - 1], node.Entries[i]) >= 0)
            {
                throw new InvalidOperationException("A node's entries are out of order");
            }
        }

        var count = node.Children is null ? node.Entries.Length : 0;
        for (var i = 0; i < node.Children?.Length; i++)
        {
            if (TOrder.Compare(node.Children[i].First, node.Entries[i]) != 0)
            {
                throw new InvalidOperationException("An inner node's entry is not its child's first");
            }

            count += Check(node.Children[i], levels - 1);
        }

        return count;
    }

    private static bool First<TProbe>(Node node, ref TProbe probe, out T entry)
        where TProbe : ITreeProbe<T>, allows ref struct
    {
        if (node.Children is not { } children)
        {
            var at = LowerBound(node.Entries, ref probe);
            entry = at < node.Entries.Length ? node.Entries[at] : default!;
            return at < node.Entries.Length;
        }

        var child = ChildFor(node.Entries, ref probe);
        if (First(children[child], ref probe, out entry))
        {
            return true;
        }

        // Every entry of that child sorts before the probe; the next child's first is at or after it.
        entry = child + 1 < children.Length ? node.Entries[child + 1] : default!;
        return child + 1 < children.Length;
    }

    private static IEnumerable<T> Scan(Node node)
    {
        if (node.Children is not { } children)
        {
            foreach (var entry in node.Entries)
            {
                yield return entry;
            }

            yield break;
        }

        foreach (var child in children)
        {
            foreach (var entry in Scan(child))
            {
                yield return entry;
            }
        }
    }

    private static IEnumerable<T> Scan<TProbe>(Node node, TProbe probe)
        where TProbe : ITreeProbe<T>
    {
        if (node.Children is not { } children)
        {
            for (var i = LowerBound(node.Entries, ref probe); i < node.Entries.Length; i++)
            {
                yield return node.Entries[i];
            }

            yield break;
        }

        var first = ChildFor(node.Entries, ref probe);
        foreach (var entry in Scan(children[first], probe))
        {
            yield return entry;
        }

        for (var i = first + 1; i < children.Length; i++)
        {
            foreach (var entry in Scan(children[i]))
            {
                yield return entry;
            }
        }
    }

    // Returns the node written, and its new right sibling when it split.
    private static (Node Left, Node? Right) Insert(Node node, T entry, ref bool replaced)
    {
        var probe = new EntryProbe(entry);
        if (node.Children is not { } children)
        {
            var at = LowerBound(node.Entries, ref probe);
            if (at < node.Entries.Length && TOrder.Compare(node.Entries[at], entry) == 0)
            {
                replaced = true;
                return (new Node(Replaced(node.Entries, at, entry), null), null);
            }

            return Fitted(Inserted(node.Entries, at, entry), null, at);
        }

        var child = ChildFor(node.Entries, ref probe);
        var (left, right) = Insert(children[child], entry, ref replaced);
        var firsts = Replaced(node.Entries, child, left.First);
        var nodes = Replaced(children, child, left);
        return right is null
            ? (new Node(firsts, nodes), null)
            : Fitted(Inserted(firsts, child + 1, right.First), Inserted(nodes, child + 1, right), child + 1);
    }

    // A node of the entries (and children) given, or two when they are one too many. Where the new one was added at
    // either end (names written in order, as a burst of objects often is) the full side stays full, so such a tree
    // keeps its leaves full instead of half empty.
    private static (Node Left, Node? Right) Fitted(T[] entries, Node[]? children, int added)
    {
        if (entries.Length <= NodeSize)
        {
            return (new Node(entries, children), null);
        }

        var split = added == entries.Length - 1 ? entries.Length - 1 : added == 0 ? 1 : entries.Length / 2;
        return (new Node(entries[..split], children?[..split]), new Node(entries[split..], children?[split..]));
    }

    // Returns the node without the entry (null when emptied), or the node itself with removed false.
    private static Node? Remove(Node node, T entry, out bool removed)
    {
        var probe = new EntryProbe(entry);
        if (node.Children is not { } children)
        {
            var at = LowerBound(node.Entries, ref probe);
            removed = at < node.Entries.Length && TOrder.Compare(node.Entries[at], entry) == 0;
            return !removed ? node : node.Entries.Length == 1 ? null : new Node(Removed(node.Entries, at), null);
        }

        var index = ChildFor(node.Entries, ref probe);
        var child = Remove(children[index], entry, out removed);
        if (!removed)
        {
            return node;
        }

        if (child is null)
        {
            return children.Length == 1 ? null : new Node(Removed(node.Entries, index), Removed(children, index));
        }

        if (child.Entries.Length >= MinNodeSize || children.Length == 1)
        {
            return new Node(Replaced(node.Entries, index, child.First), Replaced(children, index, child));
        }

        // Too small: merged with a sibling, or the two shared out evenly when together they are more than a node.
        var left = index > 0 ? index - 1 : index;
        var (first, second) = left == index ? (child, children[index + 1]) : (children[left], child);
        T[] entries = [.. first.Entries, .. second.Entries];
        Node[]? grandchildren = first.Children is null ? null : [.. first.Children, .. second.Children!];
        if (entries.Length <= NodeSize)
        {
            var merged = new Node(entries, grandchildren);
            return new Node(Replaced(Removed(node.Entries, left + 1), left, merged.First), Replaced(Removed(children, left + 1), left, merged));
        }

        var half = entries.Length / 2;
        var (a, b) = (new Node(entries[..half], grandchildren?[..half]), new Node(entries[half..], grandchildren?[half..]));
        var firsts = Replaced(Replaced(node.Entries, left, a.First), left + 1, b.First);
        return new Node(firsts, Replaced(Replaced(children, left, a), left + 1, b));
    }

    // The first position whose entry is at or after the probe.
    private static int LowerBound<TProbe>(T[] entries, ref TProbe probe)
        where TProbe : ITreeProbe<T>, allows ref struct
    {
        var (low, high) = (0, entries.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (probe.CompareTo(entries[middle]) > 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    // The child whose range holds the probe: the last one whose first entry is before it (or at it), else the first.
    private static int ChildFor<TProbe>(T[] firsts, ref TProbe probe)
        where TProbe : ITreeProbe<T>, allows ref struct
    {
        var (low, high) = (1, firsts.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (probe.CompareTo(firsts[middle]) >= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low - 1;
    }

    private static TItem[] Replaced<TItem>(TItem[] items, int at, TItem item)
    {
        var copy = (TItem[])items.Clone();
        copy[at] = item;
        return copy;
    }

    private static TItem[] Inserted<TItem>(TItem[] items, int at, TItem item)
    {
        var copy = new TItem[items.Length + 1];
        Array.Copy(items, copy, at);
        copy[at] = item;
        Array.Copy(items, at, copy, at + 1, items.Length - at);
        return copy;
    }

    private static TItem[] Removed<TItem>(TItem[] items, int at)
    {
        var copy = new TItem[items.Length - 1];
        Array.Copy(items, copy, at);
        Array.Copy(items, at + 1, copy, at, copy.Length - at);
        return copy;
    }

    // A leaf: its entries, in order. An inner node: the first entry of each child, and the children. Arrays are exact
    // (no spare room): nothing is written into a published node, every write copies it.
    private sealed class Node(T[] entries, Node[]? children)
    {
        public T[] Entries { get; } = entries;

        public Node[]? Children { get; } = children;

        public T First => Entries[0];
    }

    private readonly struct EntryProbe(T entry) : ITreeProbe<T>
    {
        public int CompareTo(T other) => TOrder.Compare(entry, other);
    }
}
