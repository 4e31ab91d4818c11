using Broker.Runtime.Events;

namespace Broker.Runtime.Tests.Events;

public sealed class LruCacheTests
{
    [Test]
    public void Set_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.TryGet("a", out _).ShouldBeTrue(); // a is now the most recently used

        cache.Set("c", 3);

        cache.Count.ShouldBe(2);
        cache.TryGet("b", out _).ShouldBeFalse();
        cache.TryGet("a", out var a).ShouldBeTrue();
        a.ShouldBe(1);
        cache.TryGet("c", out var c).ShouldBeTrue();
        c.ShouldBe(3);
    }

    [Test]
    public void Set_ExistingKey_ReplacesWithoutEvicting()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);

        cache.Set("a", 10);

        cache.Count.ShouldBe(2);
        cache.TryGet("a", out var a).ShouldBeTrue();
        a.ShouldBe(10);
        cache.TryGet("b", out _).ShouldBeTrue();
        cache.Remove("a").ShouldBeTrue();
        cache.Remove("a").ShouldBeFalse();
        cache.Count.ShouldBe(1);
    }

    [Test]
    public void RemoveOldestWhile_StopsAtTheFirstEntryToKeep()
    {
        var cache = new LruCache<string, int>(4);
        cache.Set("a", 1);
        cache.Set("b", 5);
        cache.Set("c", 2);
        cache.TryGet("a", out _); // most recently used now, though small

        cache.RemoveOldestWhile(3, static (value, limit) => value < limit).ShouldBe(0); // b, the oldest, is kept
        cache.Remove("b");
        cache.RemoveOldestWhile(3, static (value, limit) => value < limit).ShouldBe(2);

        cache.Count.ShouldBe(0);
    }
}
