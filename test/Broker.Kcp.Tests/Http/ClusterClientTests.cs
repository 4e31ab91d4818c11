using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using static Broker.Kcp.Tests.Fakes.ScriptedApiServer;

namespace Broker.Kcp.Tests.Http;

public sealed class ClusterClientTests
{
    private static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");
    private ScriptedApiServer _server = null!;
    private KcpClient _kcp = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await ScriptedApiServer.StartAsync();
        _kcp = _server.Client(new KcpClientOptions { RequestTimeout = TimeSpan.FromSeconds(2) });
    }

    [TearDown]
    public async Task TearDown()
    {
        _kcp.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task GetAsync_WorkspacePath_KeepsClustersPrefix()
    {
        _server.ThenJson(Obj("abc", "w", "7"));

        var obj = await _kcp.Cluster("root:org").GetAsync(Widgets, "default", "w", CancellationToken.None);

        KubeObject.Key(obj).ShouldBe("abc|default/w");
        _server.Requests.ShouldBe(["GET /clusters/root:org/apis/example.io/v1/namespaces/default/widgets/w"]);
    }

    [Test]
    public async Task GetAsync_AnswerNotAnObject_ThrowsNamingTheRequest()
    {
        _server.ThenJson("""["not","an","object"]""");

        var e = await Should.ThrowAsync<InvalidDataException>(() => _kcp.Cluster("root:org").GetAsync(Widgets, "default", "w", CancellationToken.None));

        e.Message.ShouldContain("/clusters/root:org/apis/example.io/v1/namespaces/default/widgets/w: response is not a JSON object");
    }

    [Test]
    public async Task UpdateAsync_Answer_ReadAsANodeOfItsOwn()
    {
        _server.ThenJson(Obj("abc", "w", "8"));
        var sent = Obj("abc", "w", "7");

        var answer = await _kcp.Cluster("root:org").UpdateAsync(Widgets, JsonNode.Parse(sent)!.AsObject(), CancellationToken.None);
        answer["metadata"]!["labels"] = new JsonObject { ["changed"] = "by the caller" }; // the node is the caller's to change

        answer["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe("8");
        answer.ToJsonString().ShouldContain("by the caller");
    }

    // Answers are read into pooled buffers: sized by Content-Length when the server sends one, grown when it does not.
    [TestCase(true)]
    [TestCase(false)]
    public async Task GetAsync_LargeAnswer_ReadWhole(bool withLength)
    {
        var value = new string('v', 20_000);
        var obj = JsonNode.Parse(Obj("abc", "w", "7"))!.AsObject();
        obj["data"] = new JsonObject { ["big"] = value };
        var json = obj.ToJsonString();
        _server.Then(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            if (withLength)
            {
                ctx.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(json);
            }

            await ctx.Response.WriteAsync(json);
        });

        var answer = await _kcp.Cluster("abc").GetAsync(Widgets, "default", "w", CancellationToken.None);

        ((string?)answer["data"]!["big"]).ShouldBe(value);
        KubeObject.Key(answer).ShouldBe("abc|default/w");
    }

    [Test]
    public async Task Writes_Body_SentAsSerialized()
    {
        _server.ThenJson(Obj("abc", "w", "1"));
        _server.ThenJson(Obj("abc", "w", "2"));
        var obj = JsonNode.Parse(Obj("abc", "w", "1"))!.AsObject();
        obj["data"] = new JsonObject { ["text"] = "grüße <b>&\"quoted\"</b> " + new string('x', 5000) };
        var typed = new Status { Message = "ünïcode <and> \"quotes\"" };
        var type = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Status>)KubeJson.Options.GetTypeInfo(typeof(Status));

        await _kcp.Cluster("abc").CreateAsync(Widgets, "default", obj, CancellationToken.None);
        await _kcp.Cluster("abc").CreateAsync(Widgets, "default", "w", typed, type, CancellationToken.None);

        var bodies = _server.Bodies.ToList();
        bodies[0].ShouldBe("application/json; charset=utf-8 " + System.Text.Json.JsonSerializer.Serialize(obj, KubeJson.Options));
        bodies[1].ShouldBe("application/json; charset=utf-8 " + System.Text.Json.JsonSerializer.Serialize(typed, type));
    }

    // Writes whose caller reads only the written object's header: the same requests, the answer's identity and resourceVersion.
    [Test]
    public async Task WritesForHeader_SameRequests_AnswerHeader()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.ThenJson(Obj("abc", "w", $"{i + 10}"));
        }

        _server.ThenJson("""["not","an","object"]""");
        var statusType = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Status>)KubeJson.Options.GetTypeInfo(typeof(Status));
        var written = new List<ObjectHeader>();
        using var observing = _kcp.Observing((_, header) => written.Add(header));
        var cluster = observing.Cluster("abc");
        var obj = JsonNode.Parse(Obj("abc", "w", "1"))!.AsObject();

        var created = await cluster.CreateForHeaderAsync(Widgets, "default", obj, CancellationToken.None);
        var updated = await cluster.UpdateForHeaderAsync(Widgets, obj, CancellationToken.None);
        var status = await cluster.UpdateStatusForHeaderAsync(Widgets, obj, CancellationToken.None);
        var typed = await cluster.UpdateStatusForHeaderAsync(Widgets, "default", "w", new Status { Message = "typed" }, statusType, CancellationToken.None);
        var refused = await Should.ThrowAsync<InvalidDataException>(() => cluster.UpdateForHeaderAsync(Widgets, obj, CancellationToken.None));

        (created.Key, created.ResourceVersion).ShouldBe(("abc|default/w", "10"));
        updated.ResourceVersion.ShouldBe("11");
        status.ResourceVersion.ShouldBe("12");
        typed.ResourceVersion.ShouldBe("13");
        refused.Message.ShouldContain("not a JSON object");
        written.Select(h => h.ResourceVersion).ShouldBe(["10", "11", "12", "13"]);
        _server.Requests.ShouldBe([
            "POST /clusters/abc/apis/example.io/v1/namespaces/default/widgets",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w/status",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w/status",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w",
        ]);
        _server.Bodies.ShouldAllBe(b => b.StartsWith("application/json; charset=utf-8 {", StringComparison.Ordinal));
    }

    [Test]
    public async Task ListAllAsync_Pages_FollowsContinueAndFillsKind()
    {
        _server.ThenJson("""{"kind":"WidgetList","apiVersion":"example.io/v1","metadata":{"resourceVersion":"10","continue":"next"},"items":[{"metadata":{"name":"a"}}]}""");
        _server.ThenJson("""{"kind":"WidgetList","apiVersion":"example.io/v1","metadata":{"resourceVersion":"11"},"items":[{"metadata":{"name":"b"}}]}""");

        var list = await _kcp.Cluster(ClusterPath.Wildcard).ListAllAsync(Widgets, null, new ListOptions { LabelSelector = "a=b" }, CancellationToken.None);

        list.ResourceVersion.ShouldBe("10");
        list.Items.Select(KubeObject.Name).ShouldBe(["a", "b"]);
        list.Items[0]["kind"]!.GetValue<string>().ShouldBe("Widget");
        list.Items[0].Parent.ShouldBeNull();
        _server.Requests.ShouldBe([
            "GET /clusters/*/apis/example.io/v1/widgets?labelSelector=a%3Db&limit=500",
            "GET /clusters/*/apis/example.io/v1/widgets?labelSelector=a%3Db&limit=500&continue=next",
        ]);
    }

    [Test]
    public async Task VirtualWorkspace_EndpointUrl_RequestsUnderEndpoint()
    {
        _server.ThenJson(List("5"));
        var endpoint = new Uri(_server.Url, "services/apiexport/xyz/certs");

        await _kcp.VirtualWorkspace(endpoint, ClusterPath.Wildcard).ListAsync(Widgets, null, null, CancellationToken.None);

        _server.Requests.ShouldBe(["GET /services/apiexport/xyz/certs/clusters/*/apis/example.io/v1/widgets"]);
    }

    [Test]
    public void VirtualWorkspace_WorkspacePath_Rejected()
    {
        Should.Throw<ArgumentException>(() => _kcp.VirtualWorkspace(_server.Url, ClusterPath.Parse("root:org")))
            .Message.ShouldContain("root:org");
    }

    [Test]
    public async Task Writes_EachVerb_SendsMethodPathAndContentType()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.ThenJson(Obj("abc", "w", $"{i}"));
        }

        _server.ThenJson("""{"kind":"Status","status":"Success"}""");
        var cluster = _kcp.Cluster("abc");
        var obj = JsonNode.Parse(Obj("abc", "w", "1"))!.AsObject();

        await cluster.CreateAsync(Widgets, "default", obj, CancellationToken.None);
        await cluster.UpdateAsync(Widgets, obj, CancellationToken.None);
        await cluster.UpdateStatusAsync(Widgets, obj, CancellationToken.None);
        await cluster.PatchAsync(Widgets, "default", "w", PatchType.Merge, new JsonObject { ["spec"] = new JsonObject() }, CancellationToken.None);
        await cluster.PatchStatusAsync(Widgets, "default", "w", PatchType.Json, new JsonArray(), CancellationToken.None);
        var deleted = await cluster.DeleteAsync(Widgets, "default", "w", new DeleteOptions { PreconditionUid = "u1" }, CancellationToken.None);

        deleted.ShouldBeNull();
        _server.Requests.ShouldBe([
            "POST /clusters/abc/apis/example.io/v1/namespaces/default/widgets",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w",
            "PUT /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w/status",
            "PATCH /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w",
            "PATCH /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w/status",
            "DELETE /clusters/abc/apis/example.io/v1/namespaces/default/widgets/w",
        ]);
        var bodies = _server.Bodies.ToList();
        bodies[3].ShouldStartWith("application/merge-patch+json");
        bodies[4].ShouldStartWith("application/json-patch+json");
        bodies[5].ShouldContain("\"preconditions\":{\"uid\":\"u1\"}");
    }

    [Test]
    public async Task CreateAsync_WildcardCluster_RefusedWithoutRequest()
    {
        var obj = JsonNode.Parse(Obj("abc", "w", "1"))!.AsObject();

        await Should.ThrowAsync<InvalidOperationException>(_kcp.Cluster(ClusterPath.Wildcard).CreateAsync(Widgets, "default", obj, CancellationToken.None));
        _server.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task GetAsync_NotFoundStatus_ThrowsNotFound()
    {
        _server.ThenJson("""{"kind":"Status","code":404,"reason":"NotFound","message":"widgets \"w\" not found"}""", 404);

        var error = await Should.ThrowAsync<NotFoundException>(_kcp.Cluster("abc").GetAsync(Widgets, "default", "w", CancellationToken.None));

        error.Message.ShouldContain("widgets \"w\" not found");
    }

    [Test]
    public async Task GetAsync_ServerSilent_TimesOutNamingLimit()
    {
        var error = await Should.ThrowAsync<TimeoutException>(_kcp.Cluster("abc").GetAsync(Widgets, "default", "w", CancellationToken.None));

        error.Message.ShouldContain("within 2 s");
    }

    [Test]
    public async Task UpdateWithRetryAsync_Conflict_RereadsAndReapplies()
    {
        _server.ThenJson(Obj("abc", "w", "1"));
        _server.ThenJson("""{"kind":"Status","code":409,"reason":"Conflict"}""", 409);
        _server.ThenJson(Obj("abc", "w", "2"));
        _server.ThenJson(Obj("abc", "w", "3"));
        var calls = 0;

        var stored = await _kcp.Cluster("abc").UpdateWithRetryAsync(Widgets, "default", "w", obj =>
        {
            calls++;
            obj["spec"] = new JsonObject { ["size"] = 3 };
            return true;
        }, CancellationToken.None);

        calls.ShouldBe(2);
        KubeObject.ResourceVersion(stored).ShouldBe("3");
        _server.Bodies.Last().ShouldContain("\"resourceVersion\":\"2\"");
    }

    [Test]
    public async Task UpdateWithRetryAsync_NoChange_WritesNothing()
    {
        _server.ThenJson(Obj("abc", "w", "1"));

        await _kcp.Cluster("abc").UpdateWithRetryAsync(Widgets, "default", "w", _ => false, CancellationToken.None);

        _server.Requests.Count.ShouldBe(1);
    }

    [Test]
    public async Task WatchAsync_Query_AsksForBookmarksTimeoutAndResourceVersion()
    {
        _server.ThenWatch(Event("ADDED", Obj("abc", "w", "8")));

        var events = new List<WatchEvent>();
        await foreach (var e in _kcp.Cluster(ClusterPath.Wildcard).WatchAsync(Widgets, null, new ListOptions { ResourceVersion = "7" }, CancellationToken.None))
        {
            events.Add(e);
        }

        events.ShouldHaveSingleItem().Type.ShouldBe(WatchEventType.Added);
        var request = _server.Requests.ShouldHaveSingleItem();
        request.ShouldStartWith("GET /clusters/*/apis/example.io/v1/widgets?resourceVersion=7&watch=true&allowWatchBookmarks=true&timeoutSeconds=");
    }

    [Test]
    public async Task WatchAsync_ConnectionSilentPastServerTimeout_EndsLikeAServerClose()
    {
        var time = new Broker.Testing.Time.FakeClock();
        using var kcp = _server.Client(
            new KcpClientOptions { MinWatchTimeout = TimeSpan.FromSeconds(10), MaxWatchTimeout = TimeSpan.FromSeconds(10), WatchGrace = TimeSpan.FromSeconds(5) },
            time);
        using var hang = new CancellationTokenSource();
        _server.ThenHangingWatch(Task.Delay(Timeout.Infinite, hang.Token));
        var watch = Task.Run(async () =>
        {
            var events = 0;
            await foreach (var _ in kcp.Cluster(ClusterPath.Wildcard).WatchAsync(Widgets, null, null, CancellationToken.None))
            {
                events++;
            }

            return events;
        });
        await Task.Delay(300);
        time.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(100);
        watch.IsCompleted.ShouldBeFalse(); // within timeoutSeconds + grace: still waiting

        time.Advance(TimeSpan.FromSeconds(1));

        (await watch.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(0);
        _server.Requests.ShouldHaveSingleItem().ShouldContain("timeoutSeconds=10");
        await hang.CancelAsync();
    }

    [Test]
    public async Task WatchAsync_HttpGone_ThrowsGone()
    {
        _server.ThenJson("""{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}""", 410);

        await Should.ThrowAsync<GoneException>(async () =>
        {
            await foreach (var _ in _kcp.Cluster(ClusterPath.Wildcard).WatchAsync(Widgets, null, null, CancellationToken.None))
            {
            }
        });
    }
}
