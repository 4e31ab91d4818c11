using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Testing.Time;

namespace Broker.Controllers.Tests.Related;

public sealed class RecentContentTests
{
    private static byte[] Secret(string name, string rv, string data = "c2VjcmV0") => Encoding.UTF8.GetBytes(
        $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}","namespace":"default","resourceVersion":"{{{rv}}}","annotations":{"kcp.io/cluster":"stage1"},"uid":"u1"},"type":"Opaque","data":{"tls.crt":"{{{data}}}"}}""");

    [Test]
    public void Digested_AsTheCacheKeeps_AndTheFullObjectTakenOnceAtItsVersion()
    {
        var recent = new RecentContent(16, new FakeClock());
        var json = Secret("app", "7");

        var digested = recent.Digested(json);

        digested.ShouldBe(RelatedContent.Digested(json)); // what the cache keeps is unchanged
        recent.Take("stage1", "default", "app", "6").ShouldBeNull(); // another version: not this one
        var full = recent.Take("stage1", "default", "app", "7").ShouldNotBeNull();
        ((string?)full["data"]!["tls.crt"]).ShouldBe("c2VjcmV0");
        ((string?)full["metadata"]!["uid"]).ShouldBe("u1");
        recent.Take("stage1", "default", "app", "7").ShouldBeNull(); // taken: the copy is written
        recent.Count.ShouldBe(0);
    }

    [Test]
    public void Take_UnknownOrWithoutVersion_Null()
    {
        var recent = new RecentContent(16, new FakeClock());
        recent.Digested(Secret("app", "7"));

        recent.Take("stage1", "default", "other", "7").ShouldBeNull();
        recent.Take("stage2", "default", "app", "7").ShouldBeNull();
        recent.Take("stage1", "default", "app", null).ShouldBeNull();
        recent.Count.ShouldBe(1);
    }

    [Test]
    public void NewerVersionDelivered_ReplacesTheOlder()
    {
        var recent = new RecentContent(16, new FakeClock());
        recent.Digested(Secret("app", "7", "b2xk"));
        recent.Digested(Secret("app", "8", "bmV3"));

        recent.Take("stage1", "default", "app", "7").ShouldBeNull();
        ((string?)recent.Take("stage1", "default", "app", "8")!["data"]!["tls.crt"]).ShouldBe("bmV3");
    }

    [Test]
    public void Full_OldestGoFirst()
    {
        var recent = new RecentContent(2, new FakeClock());
        recent.Digested(Secret("a", "1"));
        recent.Digested(Secret("b", "2"));
        recent.Digested(Secret("c", "3"));

        recent.Count.ShouldBe(2);
        recent.Take("stage1", "default", "a", "1").ShouldBeNull();
        recent.Take("stage1", "default", "b", "2").ShouldNotBeNull();
        recent.Take("stage1", "default", "c", "3").ShouldNotBeNull();
    }

    [Test]
    public void OlderThanMaxAge_Dropped()
    {
        var clock = new FakeClock();
        var recent = new RecentContent(16, clock);
        recent.Digested(Secret("a", "1"));
        recent.Digested(Secret("b", "2"));
        clock.Advance(RecentContent.MaxAge + TimeSpan.FromSeconds(1));

        recent.Take("stage1", "default", "a", "1").ShouldBeNull(); // too old to take
        recent.Digested(Secret("c", "3")); // and dropped when the next comes

        recent.Count.ShouldBe(1);
        recent.Take("stage1", "default", "c", "3").ShouldNotBeNull();
    }

    [Test]
    public void NotAnObject_ThrowsAsTheDigestDoes_AndKeepsNothing()
    {
        var recent = new RecentContent(16, new FakeClock());

        Should.Throw<InvalidOperationException>(() => recent.Digested("[1,2]"u8.ToArray()));

        recent.Count.ShouldBe(0);
    }
}
