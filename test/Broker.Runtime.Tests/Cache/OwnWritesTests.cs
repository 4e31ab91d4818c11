using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Runtime.Tests.Cache;

public sealed class OwnWritesTests
{
    private static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");
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
        own.Record(Widgets, Objects.Widget("c1", "a", "5"));

        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeTrue();
        own.Count.ShouldBe(0);
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6"))).ShouldBeFalse(); // someone else's write
        own.IsEcho(Widgets, Seen(Objects.Widget("c2", "a", "5"))).ShouldBeFalse(); // same name, other cluster
    }

    [Test]
    public void TwoWritesInOnePass_BothEchoesRecognised()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Widgets, Objects.Widget("c1", "a", "5")); // e.g. the finalizer
        own.Record(Widgets, Objects.Widget("c1", "a", "6")); // then the status

        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeTrue();
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "6"))).ShouldBeTrue();
        own.Count.ShouldBe(0);
    }

    [Test]
    public void EchoBeatsTheResponse_WakesAndLeavesNothingBehind()
    {
        var own = new OwnWrites([Widgets]);
        own.IsEcho(Widgets, Seen(Objects.Widget("c1", "a", "5"))).ShouldBeFalse(); // the event came first: a pass runs
        own.Record(Widgets, Objects.Widget("c1", "a", "5"));

        own.Count.ShouldBe(0);
    }

    [Test]
    public void Deletion_WakesAndForgetsPendingWrites()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Widgets, Objects.Widget("c1", "a", "5"));
        _store.Apply(Objects.ShardA, Objects.Added(Objects.Widget("c1", "a", "4")));
        _store.Apply(Objects.ShardA, new WatchEvent(WatchEventType.Deleted, Objects.Widget("c1", "a", "4")));

        own.IsEcho(Widgets, _changes[^1]).ShouldBeFalse();
        own.Count.ShouldBe(0);
    }

    [Test]
    public void UnwatchedResource_NotRecorded()
    {
        var own = new OwnWrites([Widgets]);
        own.Record(Events, Objects.Widget("c1", "a", "5"));

        own.Count.ShouldBe(0);
    }

    private CacheChange Seen(System.Text.Json.Nodes.JsonObject obj)
    {
        _store.Apply(Objects.ShardA, Objects.Added(obj));
        return _changes[^1];
    }
}
