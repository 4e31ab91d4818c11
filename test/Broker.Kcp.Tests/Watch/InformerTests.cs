using System.Diagnostics;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Tests.Fakes;
using Broker.Kcp.Watch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using static Broker.Kcp.Tests.Fakes.ScriptedApiServer;

namespace Broker.Kcp.Tests.Watch;

public sealed class InformerTests
{
    private static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");
    private ScriptedApiServer _server = null!;
    private KcpClient _kcp = null!;
    private Informer _informer = null!;
    private EventRecorder _recorder = null!;
    private TaskCompletionSource _release = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await ScriptedApiServer.StartAsync();
        _kcp = _server.Client();
        _informer = new Informer(
            _kcp.Cluster(ClusterPath.Wildcard), Widgets,
            new InformerOptions { BackoffBase = TimeSpan.FromMilliseconds(20), BackoffMax = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System, NullLogger.Instance);
        _recorder = new EventRecorder();
        _informer.Subscribe(_recorder);
        _release = new TaskCompletionSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        _release.TrySetResult();
        await _informer.DisposeAsync();
        _kcp.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Start_ListThenWatch_EmitsListAsAddedThenWatchEventsAndSyncs()
    {
        _server.ThenJson(List("10", Obj("c1", "a", "9"), Obj("c2", "a", "10")));
        _server.ThenWatch(Event("MODIFIED", Obj("c1", "a", "11")), Event("DELETED", Obj("c2", "a", "12")));
        _server.ThenHangingWatch(_release.Task);

        _informer.HasSynced.ShouldBeFalse();
        _informer.Start();
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        (await _recorder.WaitForAsync(4)).ShouldBe(["ADDED c1|default/a@9", "ADDED c2|default/a@10", "MODIFIED c1|default/a@11", "DELETED c2|default/a@12"]);
        _informer.Count.ShouldBe(1);
    }

    [Test]
    public async Task WatchedEvents_CarryTheObjectsBytesAsReceived_ListedOnesDoNot()
    {
        var watched = Obj("c1", "a", "11");
        _server.ThenJson(List("10", Obj("c1", "a", "9")));
        _server.ThenWatch(Event("MODIFIED", watched));
        _server.ThenHangingWatch(_release.Task);
        var events = new System.Collections.Concurrent.ConcurrentQueue<WatchEvent>();
        using var subscription = _informer.Subscribe(System.Reactive.Observer.Create<WatchEvent>(events.Enqueue));

        _informer.Start();
        await _recorder.WaitForAsync(2);

        events.Select(e => System.Text.Encoding.UTF8.GetString(e.Utf8.Span)).ShouldBe(["", watched]); // a cache stores these instead of serializing again
    }

    [Test]
    public async Task WatchEnds_ResumesFromLastResourceVersionIncludingBookmark()
    {
        _server.ThenJson(List("10"));
        _server.ThenWatch(Event("ADDED", Obj("c1", "a", "11")), """{"type":"BOOKMARK","object":{"kind":"Widget","metadata":{"resourceVersion":"15"}}}""");
        _server.ThenWatch(Event("MODIFIED", Obj("c1", "a", "16")));
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();
        await _recorder.WaitForAsync(2);

        var requests = _server.Requests.ToList();
        requests[1].ShouldContain("resourceVersion=10&watch=true");
        requests[2].ShouldContain("resourceVersion=15&watch=true");
        _recorder.Events.ShouldBe(["ADDED c1|default/a@11", "MODIFIED c1|default/a@16"]);
    }

    [TestCase("")] // kcp's: decimal integers, which the informer keeps as numbers
    [TestCase("s1:")] // opaque, as the API allows: kept as given
    public async Task Gone_RelistsAndEmitsOnlyTheDifference(string versionPrefix)
    {
        var p = versionPrefix;
        _server.ThenJson(List("10", Obj("c1", "a", p + "1"), Obj("c1", "b", p + "2"), Obj("c2", "d", p + "3")));
        _server.ThenWatch("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old resource version: 10 (40)"}}""");
        _server.ThenJson(List("50", Obj("c1", "a", p + "1"), Obj("c1", "b", p + "42"), Obj("c3", "c", p + "45")));
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();
        var events = await _recorder.WaitForAsync(6);

        events.Skip(3).ShouldBe([$"MODIFIED c1|default/b@{p}42", $"ADDED c3|default/c@{p}45", $"DELETED c2|default/d@{p}3"]);
        _informer.Relists.ShouldBe(1);
        _informer.ResourceVersion.ShouldBe("50");
        _server.Requests.ToList()[2].ShouldNotContain("watch=true");
    }

    [Test]
    public async Task WatchEvents_DuplicateAddAndUnknownDelete_Suppressed()
    {
        _server.ThenJson(List("10", Obj("c1", "a", "9")));
        _server.ThenWatch(Event("ADDED", Obj("c1", "a", "9")), Event("DELETED", Obj("c9", "ghost", "11")), Event("ADDED", Obj("c1", "a", "12")));
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();
        await _recorder.WaitForAsync(2);
        await Task.Delay(50);

        _recorder.Events.ShouldBe(["ADDED c1|default/a@9", "MODIFIED c1|default/a@12"]);
    }

    [Test]
    public async Task ServerErrors_BackOffAndRecover()
    {
        _server.ThenJson("""{"kind":"Status","code":500,"reason":"InternalError"}""", 500);
        _server.ThenJson("oops", 503);
        _server.ThenJson(List("10", Obj("c1", "a", "9")));
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();

        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _recorder.Events.ShouldBe(["ADDED c1|default/a@9"]);
    }

    [Test]
    public async Task ListForbidden_RefusedSaysWhatUntilAListSucceeds()
    {
        var listed = new TaskCompletionSource();
        _server.ThenJson("""{"kind":"Status","code":403,"reason":"Forbidden","message":"widgets.example.io is forbidden: User \"b\" cannot list resource \"widgets\" in API group \"example.io\" at the cluster scope: access denied"}""", 403);
        _server.Then(async ctx =>
        {
            await listed.Task; // answer once the test saw the refusal
            await WriteAsync(ctx, 200, List("10", Obj("c1", "a", "9")));
        });
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();

        await Broker.Testing.Eventually.UntilAsync("the refusal", () => _informer.Refused is not null);
        (_informer.Refused!.Verb, _informer.Refused.Resource, _informer.Refused.Workspace).ShouldBe(("list", "widgets.example.io", "*"));
        _kcp.Telemetry.RefusedWatches.ShouldBe(new Dictionary<string, int> { ["widgets.example.io"] = 1 }, "resource_broker_watches_refused reads this");
        listed.SetResult();
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _informer.Refused.ShouldBeNull();
        _kcp.Telemetry.RefusedWatches.ShouldBeEmpty();
    }

    [Test]
    public async Task TooManyRequests_WaitsRetryAfterBeforeNextAttempt()
    {
        _server.Then(async ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "1";
            await ctx.Response.WriteAsync("Not found on this shard");
        });
        _server.ThenJson(List("10"));
        _server.ThenHangingWatch(_release.Task);
        var clock = Stopwatch.StartNew();

        _informer.Start();
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900)); // BackoffMax is 200 ms: only Retry-After explains this
    }

    [Test]
    public async Task DisposeAsync_AfterSync_RetractsEverythingAndCompletes()
    {
        _server.ThenJson(List("10", Obj("c1", "a", "9"), Obj("c2", "b", "10", ns: "")));
        _server.ThenHangingWatch(_release.Task);
        _informer.Start();
        await _recorder.WaitForAsync(2);

        await _informer.DisposeAsync();

        _recorder.Events.Skip(2).Order(StringComparer.Ordinal).ShouldBe(["DELETED c1|default/a@9", "DELETED c2|b@10"]);
        _recorder.Completed.ShouldBeTrue();
        _informer.Count.ShouldBe(0);
    }

    [Test]
    public async Task WatchBreaksAfterProgress_ResumesFromLastVersionWithoutBackoff()
    {
        _server.ThenJson(List("10"));
        _server.ThenWatch(Event("ADDED", Obj("c1", "a", "11")), "garbage");
        _server.ThenWatch(Event("ADDED", Obj("c1", "b", "12")));
        _server.ThenHangingWatch(_release.Task);

        _informer.Start();
        await _recorder.WaitForAsync(2);

        _informer.Errors.ShouldBe(1);
        _server.Requests.ToList()[2].ShouldContain("resourceVersion=11&watch=true");
        _recorder.Events.ShouldBe(["ADDED c1|default/a@11", "ADDED c1|default/b@12"]);
    }

    // A quiet resource's watch (no events) that is open a while and then breaks, as when the server restarts, is
    // resumed at once: counting such breaks as failures grew the backoff with every restart, until the cache stayed
    // stale for BackoffMax (the kill-anywhere sweep's LocalKcp kills). The clock is fake: a backoff would never end.
    [Test]
    public async Task QuietWatchBreaksAfterItWasOpenAWhile_ResumesEachTimeWithoutBackoff()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var informer = new Informer(
            _kcp.Cluster(ClusterPath.Wildcard), Widgets, new InformerOptions { BackoffBase = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromSeconds(30) }, time, NullLogger.Instance);
        var recorder = new EventRecorder();
        informer.Subscribe(recorder);
        _server.ThenJson(List("10"));
        var breaks = Enumerable.Range(0, 3).Select(_ => (Opened: new TaskCompletionSource(), Break: new TaskCompletionSource())).ToList();
        foreach (var (opened, @break) in breaks)
        {
            _server.Then(async ctx =>
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.FlushAsync();
                opened.TrySetResult();
                await @break.Task;
                ctx.Abort();
            });
        }

        _server.ThenWatch(Event("ADDED", Obj("c1", "a", "11")));
        _server.ThenHangingWatch(_release.Task);

        informer.Start();
        foreach (var (opened, @break) in breaks)
        {
            await opened.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the second and third only come if the break was not backed off
            time.Advance(TimeSpan.FromSeconds(2));
            @break.SetResult();
        }

        (await recorder.WaitForAsync(1)).ShouldBe(["ADDED c1|default/a@11"]);
        _server.Requests.Skip(1).Take(4).ShouldAllBe(r => r.Contains("resourceVersion=10&watch=true"));
    }

    [Test]
    public async Task Start_Twice_Throws()
    {
        _server.ThenJson(List("10"));
        _server.ThenHangingWatch(_release.Task);
        _informer.Start();

        Should.Throw<InvalidOperationException>(_informer.Start);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
