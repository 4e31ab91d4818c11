using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

public sealed class OwnWritesTests
{
    private static readonly GroupVersionResource Events = new("", "v1", "events");

    private readonly List<CacheChange> _changes = [];
    private ObjectStore _store = null!;
    private IDisposable _subscription = null!;

    [SetUp]
    public void SetUp()
    {
        _store = new ObjectStore(Widgets);
        _subscription = _store.Changes.Subscribe(_changes.Add);
    }

    [TearDown]
    public void TearDown()
    {
        _subscription.Dispose();
        _store.Dispose();
    }

    [Test]
    public void EchoOfOwnWrite_RecognisedOnce_OthersWriteWakes()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));

        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeTrue();
        own.Count.ShouldBe(0);
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6"))).ShouldBeFalse(); // someone else's write
        own.IsEcho(Widgets, Seen(Objects.Widget("c2", "a", "5"))).ShouldBeFalse(); // same name, other cluster
    }

    [Test]
    public void ResourceWatchedLater_EchoesRecognisedFromThen()
    {
        var own = new OwnWrites([Events]);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeFalse(); // not tracked yet: it wakes

        own.Watch(Widgets);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "6")));

        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6"))).ShouldBeTrue();
        own.Count.ShouldBe(0);
    }

    [Test]
    public void TwoWritesInOnePass_BothEchoesRecognised()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5"))); // e.g. the finalizer
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "6"))); // then the status

        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeTrue();
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6"))).ShouldBeTrue();
        own.Count.ShouldBe(0);
    }

    [Test]
    public void EchoBeatsTheResponse_WakesAndLeavesNothingBehind()
    {
        var own = new OwnWrites([Widgets]);
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeFalse(); // the event came first: a pass runs
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));

        own.Count.ShouldBe(0);
    }

    [Test]
    public void Deletion_WakesAndForgetsPendingWrites()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
        _store.Apply(Objects.ShardA, Objects.Added(Objects.Widget("c1", "a", "4")));
        _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Deleted, Objects.Widget("c1", "a", "4")));

        own.IsEcho(Widgets, _changes[^1]).ShouldBeFalse();
        own.Count.ShouldBe(0);
    }

    // The soak's leak: the write that removes the last finalizer deletes the object, and its deletion event usually beats
    // the response; the response's version then waited for an echo that never comes, one entry per deleted object.
    [Test]
    public void WriteThatDeletes_ResponseAfterTheDeletion_LeavesNothingBehind()
    {
        var own = new OwnWrites([Widgets]);
        _store.Apply(Objects.ShardA, Objects.Added(Objects.Widget("c1", "a", "5")));
        var response = Objects.Widget("c1", "a", "6");
        using (own.Begin(Widgets, "c1", KubeObject.Namespace(response), "a"))
        {
            _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Deleted, response));
            own.IsEcho(Widgets, _changes[^1], _ => { }).ShouldBeFalse();
            own.Record(Widgets, ObjectHeader.Of(response));
        }

        own.Count.ShouldBe(0);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "9"))); // a namesake created since is tracked again
        own.Count.ShouldBe(1);
    }

    [Test]
    public void UnwatchedResource_NotRecorded()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Events, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));

        own.Count.ShouldBe(0);
    }

    [Test]
    public void EchoBeforeTheResponse_WhileTheWriteIsOut_IsHeldAndDropped()
    {
        var own = new OwnWrites([Widgets]);
        var written = Objects.Widget("c1", "a", "5");
        var released = 0;
        using (own.Begin(Widgets, null, KubeObject.Namespace(written), "a"))
        {
            own.IsEcho(Widgets, Seen(written), _ => released++).ShouldBeTrue(); // held: the write is out
            own.Record(Widgets, ObjectHeader.Of(written));
        }

        released.ShouldBe(0);
        own.Count.ShouldBe(0);
    }

    [Test]
    public void OthersChange_WhileTheWriteIsOut_IsPassedOnWhenItEnds()
    {
        var own = new OwnWrites([Widgets]);
        var released = 0;
        using (own.Begin(Widgets, null, KubeObject.Namespace(Objects.Widget("c1", "a", "5")), "a"))
        {
            own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "4")), _ => released++).ShouldBeTrue();
            own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
            released.ShouldBe(0);
        }

        released.ShouldBe(1);
    }

    [Test]
    public void FailedWrite_PassesOnWhatItHeld()
    {
        var own = new OwnWrites([Widgets]);
        var released = 0;
        var write = own.Begin(Widgets, null, KubeObject.Namespace(Objects.Widget("c1", "a", "4")), "a");
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "4")), _ => released++).ShouldBeTrue();

        write.Dispose(); // e.g. a 409: no response object
        write.Dispose();

        released.ShouldBe(1);
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6")), _ => released++).ShouldBeFalse("no write is out any more");
    }

    [Test]
    public void TwoWritesOfOneName_HeldUntilBothEnd_EachEchoDropped()
    {
        var own = new OwnWrites([Widgets]);
        var ns = KubeObject.Namespace(Objects.Widget("c1", "a", "5"));
        var released = 0;
        var first = own.Begin(Widgets, null, ns, "a");
        var second = own.Begin(Widgets, null, ns, "a"); // the same name in another cluster, e.g. a consumer object and its copy
        own.IsEcho(Widgets, Seen(Objects.Widget("c2", "a", "7")), _ => released++).ShouldBeTrue();
        own.IsEcho(Widgets, Seen(Objects.Widget("c3", "a", "3")), _ => released++).ShouldBeTrue(); // someone else's

        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
        first.Dispose();
        released.ShouldBe(0, "the second write's echo may be among the held");
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c2", "a", "7")));
        second.Dispose();

        released.ShouldBe(1);
        own.Count.ShouldBe(1); // c1's echo is still to come
    }

    [Test]
    public void WriteToAKnownCluster_HoldsOnlyThatClustersChanges()
    {
        var own = new OwnWrites([Widgets]);
        var ns = KubeObject.Namespace(Objects.Widget("c1", "a", "5"));
        var released = 0;
        using (own.Begin(Widgets, "c1", ns, "a"))
        {
            own.IsEcho(Widgets, Seen(Objects.Widget("c2", "a", "4")), _ => released++).ShouldBeFalse("another cluster's object: not held");
            own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5")), _ => released++).ShouldBeTrue();
            own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
        }

        released.ShouldBe(0);
    }

    [Test]
    public void WithoutEchoes_PassesOnOnlyWhatIsNotAnEcho()
    {
        var own = new OwnWrites([Widgets]);
        var passed = new List<string>();
        using var subscription = own.WithoutEchoes(Widgets, _store.Changes).Subscribe(c => passed.Add(c.New!.ResourceVersion));
        var ns = KubeObject.Namespace(Objects.Widget("c1", "a", "5"));

        using (own.Begin(Widgets, null, ns, "a"))
        {
            _store.Apply(Objects.ShardA, Objects.Added(Objects.Widget("c1", "a", "5")));
            own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "5")));
        }

        using (own.Begin(Widgets, null, ns, "a"))
        {
            _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Modified, Objects.Widget("c1", "a", "6")));
            passed.ShouldBeEmpty();
        }

        passed.ShouldBe(["6"]);
        own.Record(Widgets, ObjectHeader.Of(Objects.Widget("c1", "a", "8")));
        _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Modified, Objects.Widget("c1", "a", "8")));
        _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Modified, Objects.Widget("c1", "a", "9")));
        passed.ShouldBe(["6", "9"]);
    }

    private CacheChange Seen(System.Text.Json.Nodes.JsonObject obj)
    {
        _store.Apply(Objects.ShardA, Objects.Added(obj));
        return _changes[^1];
    }
}
