using Broker.Runtime.Cache.Trees;

namespace Broker.Runtime.Tests.Cache.Trees;

/// <summary>The persistent B+tree against a plain <see cref="SortedDictionary{TKey, TValue}"/>: random writes of every
/// kind, seeks and range scans at every boundary, splits and merges, and trees held across later writes.</summary>
public sealed class PersistentTreeTests
{
    private const int NodeSize = PersistentTree<Entry, EntryOrder>.NodeSize;

    [Test]
    public void Empty_HasNothing_AndRemoveIsANoOp()
    {
        var empty = PersistentTree<Entry, EntryOrder>.Empty;

        empty.Count.ShouldBe(0);
        empty.Height.ShouldBe(0);
        empty.All.ShouldBeEmpty();
        empty.From(new At(0)).ShouldBeEmpty();
        empty.TryFirst(new At(0), out _).ShouldBeFalse();
        empty.TryGet(new At(0), out _).ShouldBeFalse();
        empty.Remove(new Entry(1, "a")).ShouldBeSameAs(empty);
    }

    [Test]
    public void Set_EqualEntry_ReplacesIt()
    {
        var tree = PersistentTree<Entry, EntryOrder>.Empty.Set(new Entry(1, "a")).Set(new Entry(1, "b"));

        tree.Count.ShouldBe(1);
        tree.TryGet(new At(1), out var found).ShouldBeTrue();
        found.Value.ShouldBe("b");
    }

    [Test]
    public void Remove_Absent_ReturnsTheSameTree()
    {
        var tree = Build(Enumerable.Range(0, 3 * NodeSize).Select(i => i * 2));

        tree.Remove(new Entry(7, "")).ShouldBeSameAs(tree);
        tree.Remove(new Entry(-1, "")).ShouldBeSameAs(tree);
        tree.Remove(new Entry(10_000, "")).ShouldBeSameAs(tree);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Ordered_Writes_KeepLeavesFull(bool ascending)
    {
        var keys = Enumerable.Range(0, NodeSize * NodeSize);
        var tree = Build(ascending ? keys : keys.Reverse());

        tree.CheckShape();
        tree.Count.ShouldBe(NodeSize * NodeSize);
        tree.Height.ShouldBe(2); // full leaves: 32 * 32 entries fit in two levels
        tree.All.Select(e => e.Key).ShouldBe(keys);
    }

    [Test]
    public void Removing_Everything_InAnyOrder_LeavesAnEmptyTree()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 5_000).ToArray();
        var tree = Build(keys.OrderBy(_ => random.Next()));
        tree.Height.ShouldBeGreaterThan(2);

        foreach (var (key, i) in keys.OrderBy(_ => random.Next()).Select((k, i) => (k, i)))
        {
            tree = tree.Remove(new Entry(key, ""));
            if (i % 97 == 0)
            {
                tree.CheckShape(); // merged and shared out between siblings as it shrinks
            }
        }

        tree.Count.ShouldBe(0);
        tree.Height.ShouldBe(0);
        tree.All.ShouldBeEmpty();
    }

    [TestCase(1, 200, 20_000)] // keys dense: splits and merges of the same leaves over and over
    [TestCase(2, 5_000, 30_000)] // a tree of three levels
    [TestCase(3, 40, 5_000)] // a tree that empties and refills
    public void RandomOperations_MatchASortedDictionary(int seed, int keySpace, int operations)
    {
        var random = new Random(seed);
        var model = new SortedDictionary<int, string>();
        var keys = new SortedSet<int>();
        var tree = PersistentTree<Entry, EntryOrder>.Empty;
        var held = new List<(PersistentTree<Entry, EntryOrder> Tree, KeyValuePair<int, string>[] Contents)>();
        for (var i = 0; i < operations; i++)
        {
            var key = random.Next(keySpace);
            if (random.Next(3) == 0)
            {
                tree = tree.Remove(new Entry(key, ""));
                model.Remove(key);
                keys.Remove(key);
            }
            else
            {
                var value = $"v{i}";
                tree = tree.Set(new Entry(key, value));
                model[key] = value;
                keys.Add(key);
            }

            tree.Count.ShouldBe(model.Count);
            var probe = random.Next(-1, keySpace + 1);
            tree.TryGet(new At(probe), out var found).ShouldBe(model.TryGetValue(probe, out var expected));
            if (expected is not null)
            {
                found.Value.ShouldBe(expected);
            }

            var next = keys.GetViewBetween(probe, int.MaxValue) is { Count: > 0 } after ? after.Min : (int?)null;
            tree.TryFirst(new At(probe), out var first).ShouldBe(next is not null);
            if (next is not null)
            {
                first.Key.ShouldBe(next.Value);
            }

            if (i % 500 == 0)
            {
                tree.CheckShape();
                Contents(tree).ShouldBe(model.ToArray());
                held.Add((tree, model.ToArray()));
            }
        }

        tree.CheckShape();
        Contents(tree).ShouldBe(model.ToArray());
        foreach (var (old, contents) in held)
        {
            old.CheckShape();
            Contents(old).ShouldBe(contents); // every write since left it as it was
        }

        // A scan from every boundary: each key, and between and around them (every 7th of a large key space).
        for (var probe = -1; probe <= keySpace + 1; probe += keySpace > 1_000 ? 7 : 1)
        {
            var from = probe;
            tree.From(new At(from)).Select(e => e.Key).SequenceEqual(keys.GetViewBetween(from, int.MaxValue)).ShouldBeTrue($"from {from}");
        }
    }

    [Test]
    public void From_ARangeProbe_StartsAtTheRangesFirstEntry()
    {
        var tree = Build(Enumerable.Range(0, 10 * NodeSize));

        // Tens: the probe never equals an entry, as a cluster's start never equals an object.
        foreach (var ten in Enumerable.Range(0, 33))
        {
            tree.From(new TensFrom(ten)).TakeWhile(e => e.Key / 10 == ten).Select(e => e.Key)
                .ShouldBe(Enumerable.Range(ten * 10, 10).Where(k => k < 10 * NodeSize));
        }
    }

    private static PersistentTree<Entry, EntryOrder> Build(IEnumerable<int> keys) =>
        keys.Aggregate(PersistentTree<Entry, EntryOrder>.Empty, (tree, key) => tree.Set(new Entry(key, $"v{key}")));

    private static KeyValuePair<int, string>[] Contents(PersistentTree<Entry, EntryOrder> tree) =>
        [.. tree.All.Select(e => KeyValuePair.Create(e.Key, e.Value))];

    internal readonly record struct Entry(int Key, string Value);

    internal readonly struct EntryOrder : ITreeOrder<Entry>
    {
        public static int Compare(Entry x, Entry y) => x.Key.CompareTo(y.Key);
    }

    private readonly struct At(int key) : ITreeProbe<Entry>
    {
        public int CompareTo(Entry entry) => key.CompareTo(entry.Key);
    }

    // Before the first key of a ten (never equal to one).
    private readonly struct TensFrom(int ten) : ITreeProbe<Entry>
    {
        public int CompareTo(Entry entry) => entry.Key / 10 >= ten ? -1 : 1;
    }
}
