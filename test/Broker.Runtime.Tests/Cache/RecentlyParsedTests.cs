using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

public sealed class RecentlyParsedTests
{
    [Test]
    public void Get_SameCachedObject_ParsedOnce_NewerVersionParsedAnew()
    {
        using var store = new ObjectStore(Widgets);
        var parses = 0;
        var parsed = new RecentlyParsed<string>(16, c => $"{c.ResourceVersion}#{++parses}");
        var key = new ObjectKey("c1", "default", "w");
        store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        store.TryGet(key, out var v1);

        parsed.Get(v1!).ShouldBe("1#1");
        parsed.Get(v1!).ShouldBe("1#1");

        store.Apply(ShardA, Modified(Widget("c1", "w", "2")));
        store.TryGet(key, out var v2);
        parsed.Get(v2!).ShouldBe("2#2");
        parses.ShouldBe(2);
    }

    [Test]
    public void Get_MoreObjectsThanSlots_EachStillGetsItsOwnRecord()
    {
        using var store = new ObjectStore(Widgets);
        var parsed = new RecentlyParsed<string>(1, c => c.Key.Name);
        foreach (var name in new[] { "a", "b", "c" })
        {
            store.Apply(ShardA, Added(Widget("c1", name, "1")));
        }

        foreach (var cached in store.List("c1", "default").Concat(store.List("c1", "default")))
        {
            parsed.Get(cached).ShouldBe(cached.Key.Name);
        }
    }
}
