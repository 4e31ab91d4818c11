using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Workspaces;
using Broker.Runtime.Events;
using Broker.Testing;
using Broker.Testing.Client;
using Broker.Testing.Time;
using Broker.Testing.Tools;
using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Tests.Events;

/// <summary>The recorder against LocalKcp: Events land in the consumer workspace, directly or through the APIExport virtual
/// workspace whose events claim the consumer accepted, and behave as client-go's do.</summary>
[NonParallelizable]
public sealed class EventRecorderTests
{
    private static readonly GroupVersionResource Events = new("", "v1", "events");
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private static readonly GroupVersionResource Widgets = new(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private LocalKcpFixture _kcp = null!;
    private KcpClient _client = null!;
    private LogicalClusterInfo _consumer = null!;
    private LogicalClusterInfo _refuser = null!;
    private WidgetExport _export = null!;
    private Uri _endpoint = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>The consumer workspace itself, as an admin sees it.</summary>
    private ClusterClient Direct => _client.Cluster(_consumer.Path);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        _client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        _export = await WidgetExport.CreateAsync(_kcp, "root:events-provider", "widgets", Timeout);
        _kcp.Bootstrap.Apply(_export.Provider, new JsonObject
        {
            ["apiVersion"] = "apis.kcp.io/v1alpha2",
            ["kind"] = "APIExport",
            ["metadata"] = new JsonObject { ["name"] = "widgets" },
            ["spec"] = new JsonObject { ["permissionClaims"] = new JsonArray(EventsClaim()) },
        });
        _consumer = await _kcp.Bootstrap.CreateWorkspaceAsync("root:events-consumer", Timeout);
        await _kcp.Bootstrap.BindAsync(_consumer, _export.Provider.Path, "widgets", Timeout, acceptedClaims: AcceptedEventsClaim());
        _refuser = await _kcp.Bootstrap.CreateWorkspaceAsync("root:events-refuser", Timeout);
        await _kcp.Bootstrap.BindAsync(_refuser, _export.Provider.Path, "widgets", Timeout); // accepts no claim
        _endpoint = await EndpointAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _kcp.DisposeAsync();
    }

    [Test]
    public async Task Record_NewEvent_WritesCoreV1EventWithEveryField()
    {
        var time = new FakeClock(T0);
        await using var rig = new RecorderRig(time);
        var widget = await CreateWidgetAsync("fields", "w1");

        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", "0/2 providers accept");
        await rig.WaitForOutcomesAsync(1);

        var e = (await EventsAsync("fields")).ShouldHaveSingleItem();
        var suffix = ((T0 - DateTimeOffset.UnixEpoch).Ticks * 100).ToString("x", CultureInfo.InvariantCulture);
        Str(e, "metadata", "name").ShouldBe($"w1.{suffix}");
        Str(e, "metadata", "namespace").ShouldBe("fields");
        JsonNode.DeepEquals(e["involvedObject"], new JsonObject
        {
            ["apiVersion"] = "example.io/v1alpha1",
            ["kind"] = "Widget",
            ["namespace"] = "fields",
            ["name"] = "w1",
            ["uid"] = Str(widget, "metadata", "uid"),
            ["resourceVersion"] = Str(widget, "metadata", "resourceVersion"),
        }).ShouldBeTrue(e["involvedObject"]!.ToJsonString());
        Str(e, "type").ShouldBe("Warning");
        Str(e, "reason").ShouldBe("NoMatchingProvider");
        Str(e, "message").ShouldBe("0/2 providers accept");
        Str(e, "source", "component").ShouldBe("resource-broker");
        Str(e, "source", "host").ShouldBe("broker-0");
        Str(e, "reportingComponent").ShouldBe("resource-broker");
        Str(e, "reportingInstance").ShouldBe("broker-0");
        Str(e, "firstTimestamp").ShouldBe("2026-03-01T12:00:00Z");
        Str(e, "lastTimestamp").ShouldBe("2026-03-01T12:00:00Z");
        e["count"]!.GetValue<int>().ShouldBe(1);
        e["eventTime"].ShouldBeNull();
        rig.Counters.Written.ShouldBe(1);
    }

    [Test]
    public async Task Record_ThroughVirtualWorkspace_WritesIntoConsumerWorkspace()
    {
        await using var rig = new RecorderRig(new FakeClock(T0));
        var widget = await CreateWidgetAsync("through-vw", "w1");
        var viaExport = _client.VirtualWorkspace(_endpoint, ClusterPath.Parse(_consumer.Name));

        rig.Recorder.Record(viaExport, widget, EventType.Normal, "Placed", "placed on root:providers:internal-ca");
        rig.Recorder.Record(viaExport, widget, EventType.Normal, "Placed", "placed on root:providers:internal-ca");
        await rig.WaitForOutcomesAsync(2);

        var e = (await EventsAsync("through-vw")).ShouldHaveSingleItem(); // read directly: it is in the consumer's workspace
        Str(e, "involvedObject", "uid").ShouldBe(Str(widget, "metadata", "uid"));
        Str(e, "type").ShouldBe("Normal");
        e["count"]!.GetValue<int>().ShouldBe(2); // the count patch went through the virtual workspace too
        (rig.Counters.Written, rig.Counters.Aggregated).ShouldBe((1, 1));
    }

    [Test]
    public async Task Record_SameEventAgain_CountsOnExistingEvent()
    {
        var time = new FakeClock(T0);
        await using var rig = new RecorderRig(time);
        var widget = await CreateWidgetAsync("aggregate", "w1");
        rig.Recorder.Record(Direct, widget, EventType.Warning, "ProviderNotReady", "waiting for internal-ca");
        await rig.WaitForOutcomesAsync(1);
        var first = (await EventsAsync("aggregate")).ShouldHaveSingleItem();

        time.Advance(TimeSpan.FromSeconds(30));
        rig.Recorder.Record(Direct, widget, EventType.Warning, "ProviderNotReady", "waiting for internal-ca");
        await rig.WaitForOutcomesAsync(2);

        var e = (await EventsAsync("aggregate")).ShouldHaveSingleItem();
        Str(e, "metadata", "name").ShouldBe(Str(first, "metadata", "name"));
        e["count"]!.GetValue<int>().ShouldBe(2);
        Str(e, "firstTimestamp").ShouldBe("2026-03-01T12:00:00Z");
        Str(e, "lastTimestamp").ShouldBe("2026-03-01T12:00:30Z");
        (rig.Counters.Written, rig.Counters.Aggregated).ShouldBe((1, 1));
    }

    [Test]
    public async Task Record_SameEventAfterWindow_CreatesNewEvent()
    {
        var time = new FakeClock(T0);
        await using var rig = new RecorderRig(time);
        var widget = await CreateWidgetAsync("window", "w1");
        rig.Recorder.Record(Direct, widget, EventType.Normal, "Placed", "placed");
        await rig.WaitForOutcomesAsync(1);

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        rig.Recorder.Record(Direct, widget, EventType.Normal, "Placed", "placed");
        await rig.WaitForOutcomesAsync(2);

        var events = await EventsAsync("window");
        events.Select(e => $"{Str(e, "firstTimestamp")} x{e["count"]}").Order(StringComparer.Ordinal)
            .ShouldBe(["2026-03-01T12:00:00Z x1", "2026-03-01T12:10:01Z x1"]);
        rig.Counters.Written.ShouldBe(2);
    }

    [Test]
    public async Task Record_DifferentMessage_CreatesSecondEvent()
    {
        await using var rig = new RecorderRig(new FakeClock(T0));
        var widget = await CreateWidgetAsync("messages", "w1");

        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", "0/2 providers accept: a");
        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", "0/2 providers accept: b");
        await rig.WaitForOutcomesAsync(2);

        (await EventsAsync("messages")).Select(e => Str(e, "message")).Order(StringComparer.Ordinal)
            .ShouldBe(["0/2 providers accept: a", "0/2 providers accept: b"]);
        rig.Counters.Written.ShouldBe(2);
    }

    [Test]
    public async Task Record_BeyondBurst_DropsAndCountsUntilRefilled()
    {
        var time = new FakeClock(T0);
        await using var rig = new RecorderRig(time, new EventRecorderOptions { Burst = 3, RefillInterval = TimeSpan.FromMinutes(5) });
        var noisy = await CreateWidgetAsync("burst", "noisy");
        var quiet = await CreateWidgetAsync("burst", "quiet");

        for (var i = 1; i <= 5; i++)
        {
            rig.Recorder.Record(Direct, noisy, EventType.Warning, "Failed", $"attempt {i}");
        }

        rig.Recorder.Record(Direct, quiet, EventType.Normal, "Placed", "placed"); // another object has its own budget
        await rig.WaitForOutcomesAsync(6);
        (await EventsAsync("burst")).Select(e => Str(e, "message")).Order(StringComparer.Ordinal)
            .ShouldBe(["attempt 1", "attempt 2", "attempt 3", "placed"]);
        rig.Counters.Dropped("rate-limited").ShouldBe(2);

        time.Advance(TimeSpan.FromMinutes(5));
        rig.Recorder.Record(Direct, noisy, EventType.Warning, "Failed", "attempt 6");
        rig.Recorder.Record(Direct, noisy, EventType.Warning, "Failed", "attempt 7");
        await rig.WaitForOutcomesAsync(8);
        (await EventsAsync("burst")).Count.ShouldBe(5); // one token refilled: attempt 6 written, attempt 7 dropped
        rig.Counters.Dropped("rate-limited").ShouldBe(3);
    }

    [Test]
    public async Task Record_QueueFull_DropsAndCountsWithoutBlocking()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        using var nowhere = new KcpClient(new KcpConnection(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"), null, new KcpCredentials()));
        var options = new EventRecorderOptions { QueueCapacity = 2, DrainTimeout = TimeSpan.FromMilliseconds(100) };
        await using var rig = new RecorderRig(TimeProvider.System, options);
        var target = nowhere.Cluster("root:stuck");
        rig.Recorder.Record(target, Widget("w1"), EventType.Normal, "Stuck", "the writer hangs on this one");
        await WaitUntilAsync(() => rig.Recorder.Pending == 0, "the writer took the first record");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            rig.Recorder.Record(target, Widget("w1"), EventType.Normal, "Queued", $"record {i}");
        }

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1)); // a blocked caller would wait for the 10 s write timeout
        rig.Recorder.Pending.ShouldBe(2);
        rig.Counters.Dropped("overflow").ShouldBe(998);
        rig.Log.At(LogLevel.Warning).Count(m => m.Contains("queue is full", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Test]
    public async Task Record_EventDeletedMeanwhile_CreatesItAnew()
    {
        var time = new FakeClock(T0);
        await using var rig = new RecorderRig(time);
        var widget = await CreateWidgetAsync("deleted", "w1");
        rig.Recorder.Record(Direct, widget, EventType.Warning, "Failed", "boom");
        await rig.WaitForOutcomesAsync(1);
        var gone = Str((await EventsAsync("deleted")).ShouldHaveSingleItem(), "metadata", "name")!;
        await Direct.DeleteAsync(Events, "deleted", gone, null, Timeout);

        time.Advance(TimeSpan.FromMinutes(1));
        rig.Recorder.Record(Direct, widget, EventType.Warning, "Failed", "boom");
        await rig.WaitForOutcomesAsync(2);

        var e = (await EventsAsync("deleted")).ShouldHaveSingleItem();
        Str(e, "metadata", "name").ShouldNotBe(gone);
        e["count"]!.GetValue<int>().ShouldBe(1);
        Str(e, "firstTimestamp").ShouldBe("2026-03-01T12:01:00Z");
        (rig.Counters.Written, rig.Counters.Aggregated, rig.Counters.Dropped("write-failed")).ShouldBe((2, 0, 0));
    }

    [Test]
    public async Task Record_LongMessage_IsCutWithEllipsis()
    {
        await using var rig = new RecorderRig(new FakeClock(T0));
        var widget = await CreateWidgetAsync("long", "w1");

        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", "0/200 providers accept: " + new string('x', 5000));
        await rig.WaitForOutcomesAsync(1);

        var message = Str((await EventsAsync("long")).ShouldHaveSingleItem(), "message")!;
        message.Length.ShouldBe(1024);
        message.ShouldStartWith("0/200 providers accept: xxx");
        message.ShouldEndWith("x…");
    }

    [Test]
    public async Task Record_WorkspaceRefusesEvents_LogsOnceDropsAndRecovers()
    {
        await using var rig = new RecorderRig(new FakeClock(T0));
        var widget = await CreateWidgetAsync("refused", "w1", _client.Cluster(_refuser.Path));
        var viaExport = _client.VirtualWorkspace(_endpoint, ClusterPath.Parse(_refuser.Name));

        for (var i = 0; i < 3; i++)
        {
            rig.Recorder.Record(viaExport, widget, EventType.Warning, "Failed", $"attempt {i}");
        }

        await rig.WaitForOutcomesAsync(3);
        rig.Counters.Dropped("write-failed").ShouldBe(3); // 403: the consumer did not accept the events claim; no retries
        rig.Log.At(LogLevel.Warning).ShouldHaveSingleItem().ShouldContain("Cannot write Event Failed about Widget refused/w1");
        rig.Log.At(LogLevel.Debug).Count(m => m.StartsWith("Cannot write Event", StringComparison.Ordinal)).ShouldBe(2);

        await _kcp.Bootstrap.BindAsync(_refuser, _export.Provider.Path, "widgets", Timeout, acceptedClaims: AcceptedEventsClaim());
        rig.Recorder.Record(viaExport, widget, EventType.Warning, "Failed", "attempt 3");
        await rig.WaitForOutcomesAsync(4);
        rig.Counters.Written.ShouldBe(1);
        rig.Log.At(LogLevel.Information).ShouldHaveSingleItem().ShouldContain("written again");
    }

    [Test]
    public async Task Record_InvalidInput_DropsWithoutThrowing()
    {
        await using var rig = new RecorderRig(TimeProvider.System, start: false);

        rig.Recorder.Record(Direct, new JsonObject { ["kind"] = "Widget" }, EventType.Normal, "Placed", "no name");
        rig.Recorder.Record(Direct, new JsonObject { ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = 42 } }, EventType.Normal, "Placed", "name is a number");
        rig.Recorder.Record(Direct, Widget("w1"), EventType.Normal, " ", "no reason");
        rig.Recorder.Record(Direct, Widget("w1"), (EventType)7, "Placed", "unknown type");
        rig.Recorder.Record(null!, Widget("w1"), EventType.Normal, "Placed", "no target");

        rig.Counters.Dropped("invalid").ShouldBe(5);
        rig.Recorder.Pending.ShouldBe(0);
    }

    [Test]
    public async Task Start_AfterRecords_WritesWhatWasQueued()
    {
        await using var rig = new RecorderRig(new FakeClock(T0), start: false);
        var widget = await CreateWidgetAsync("early", "w1");
        rig.Recorder.Record(Direct, widget, EventType.Normal, "Accepted", "recorded before the writer runs");
        rig.Recorder.Pending.ShouldBe(1);

        rig.Recorder.Start();
        await rig.WaitForOutcomesAsync(1);

        Str((await EventsAsync("early")).ShouldHaveSingleItem(), "reason").ShouldBe("Accepted");
        Should.Throw<InvalidOperationException>(rig.Recorder.Start);
    }

    [Test]
    public async Task DisposeAsync_WritesQueuedEventsThenStops()
    {
        var rig = new RecorderRig(new FakeClock(T0));
        var widget = await CreateWidgetAsync("dispose", "w1");
        for (var i = 0; i < 5; i++)
        {
            rig.Recorder.Record(Direct, widget, EventType.Normal, "Step", $"step {i}");
        }

        await rig.Recorder.DisposeAsync();

        (await EventsAsync("dispose")).Count.ShouldBe(5);
        rig.Recorder.Pending.ShouldBe(0);
        rig.Recorder.Record(Direct, widget, EventType.Normal, "Step", "after dispose"); // dropped, not thrown
        rig.Counters.Dropped("shutdown").ShouldBe(1);
        Should.Throw<ObjectDisposedException>(rig.Recorder.Start);
        await rig.DisposeAsync(); // twice is harmless
    }

    [Test]
    public async Task DisposeAsync_WriterStuck_GivesUpAfterDrainTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var nowhere = new KcpClient(new KcpConnection(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"), null, new KcpCredentials()));
        var rig = new RecorderRig(TimeProvider.System, new EventRecorderOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) });
        var target = nowhere.Cluster("root:stuck");
        for (var i = 0; i < 3; i++)
        {
            rig.Recorder.Record(target, Widget("w1"), EventType.Normal, "Stuck", $"record {i}");
        }

        await WaitUntilAsync(() => rig.Recorder.Pending == 2, "the writer hangs on the first record");
        var clock = Stopwatch.StartNew();
        await rig.DisposeAsync();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5)); // not the 10 s write timeout, not forever
        rig.Counters.Dropped("shutdown").ShouldBe(3); // the one in flight and the two queued
        rig.Log.At(LogLevel.Warning).ShouldContain(m => m.Contains("did not finish within", StringComparison.Ordinal));
    }

    [Test]
    [Category("Kubectl")]
    public async Task KubectlGetEvents_ShowsTypeReasonObjectAndMessage()
    {
        var executable = Kubectl.Find();
        if (executable is null)
        {
            Assert.Ignore("kubectl not found: set $KUBECTL or run hack/ensure-tools.sh");
        }

        await using var rig = new RecorderRig(TimeProvider.System);
        var widget = await CreateWidgetAsync("kubectl", "cert-a");
        const string message = "0/2 providers accept: internal-ca: spec.fqdn 'a.example.com' lacks suffix 'internal.corp'";
        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", message);
        rig.Recorder.Record(Direct, widget, EventType.Warning, "NoMatchingProvider", message);
        await rig.WaitForOutcomesAsync(2);
        var kubectl = new Kubectl(executable!, _kcp.KubeconfigPath, Path.Combine(_kcp.DataDirectory, "kubectl-cache"));
        var server = $"{_kcp.BaseUrl.ToString().TrimEnd('/')}/clusters/{_consumer.Path}";

        var lines = (await kubectl.OkAsync("--server", server, "get", "events", "-n", "kubectl")).TrimEnd().Split('\n');
        var wide = (await kubectl.OkAsync("--server", server, "get", "events", "-n", "kubectl", "-o", "wide")).TrimEnd().Split('\n');

        lines.Length.ShouldBe(2, string.Join('\n', lines));
        Columns(lines[0]).ShouldBe(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
        Columns(lines[1]).Skip(1).ShouldBe(["Warning", "NoMatchingProvider", "widget/cert-a", message]);
        Columns(lines[1])[0].ShouldMatch("^[0-9]+s$");
        Columns(wide[0]).ShouldBe(["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]);
        wide[1].ShouldContain("resource-broker, broker-0");
        wide[1].ShouldMatch(@"\s2\s+cert-a\.[0-9a-f]+$"); // COUNT 2, then the client-go style name
    }

    // kubectl pads columns with three or more spaces; single spaces only occur inside cells ("LAST SEEN", the message).
    private static List<string> Columns(string line) =>
        [.. System.Text.RegularExpressions.Regex.Split(line.Trim(), " {2,}")];

    private static JsonObject EventsClaim() => new() { ["group"] = "", ["resource"] = "events", ["verbs"] = new JsonArray("*") };

    private static JsonArray AcceptedEventsClaim()
    {
        var claim = EventsClaim();
        claim["selector"] = new JsonObject { ["matchAll"] = true };
        claim["state"] = "Accepted";
        return [claim];
    }

    private static JsonObject Widget(string name) => WidgetExport.Widget(name);

    private static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node?[p];
        }

        return node?.GetValue<string>();
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.UntilAsync(what, condition, TimeSpan.FromSeconds(10));

    private async Task<JsonObject> CreateWidgetAsync(string ns, string name, ClusterClient? cluster = null)
    {
        cluster ??= Direct;
        try
        {
            await cluster.CreateAsync(Namespaces, null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, Timeout);
        }
        catch (AlreadyExistsException)
        {
            // a second widget in the same namespace
        }

        return await cluster.CreateAsync(Widgets, ns, WidgetExport.Widget(name, ns: ns), Timeout);
    }

    private async Task<IReadOnlyList<JsonObject>> EventsAsync(string ns) => (await Direct.ListAsync(Events, ns, null, Timeout)).Items;

    private async Task<Uri> EndpointAsync()
    {
        var provider = _client.Cluster(_export.Provider.Path);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var slice = await provider.GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "widgets", Timeout);
            if (slice.Status.Endpoints is [var first, ..])
            {
                return first.Url;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("the widgets endpoint slice never listed a URL");
    }
}
