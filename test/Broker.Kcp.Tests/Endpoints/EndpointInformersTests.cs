using System.Reactive.Subjects;
using Broker.Core.Api.Meta;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Models;
using Broker.Kcp.Tests.Fakes;
using Broker.Kcp.Watch;
using Broker.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Broker.Kcp.Tests.Fakes.ScriptedApiServer;

namespace Broker.Kcp.Tests.Endpoints;

public sealed class EndpointInformersTests
{
    private static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");

    [Test]
    public async Task UrlSet_AddedThenRemoved_InformerStartsSyncsThenRetractsItsObjects()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        using var kcp = server.Client();
        using var release = new CancellationTokenSource();
        using var urls = new Subject<IReadOnlySet<Uri>>();
        var events = new List<string>();
        await using var endpoints = new EndpointInformers(
            urls,
            url => new Informer(kcp.VirtualWorkspace(url, ClusterPath.Wildcard), Widgets, new InformerOptions(), TimeProvider.System, NullLogger.Instance),
            NullLogger.Instance);
        using var subscription = endpoints.Subscribe(e =>
        {
            lock (events)
            {
                events.Add($"{e.Endpoint.AbsolutePath} {e.Event.Type} {KubeObject.Key(e.Event.Object)}");
            }
        });

        endpoints.HasSynced.ShouldBeFalse(); // nothing received yet: not even "synced and empty"
        urls.OnNext(new HashSet<Uri>());
        await WaitAsync(() => endpoints.HasSynced);

        var shard = new Uri(server.Url, "services/apiexport/x/widgets");
        server.ThenJson(List("5", Obj("c1", "a", "5")));
        server.ThenHangingWatch(Task.Delay(Timeout.Infinite, release.Token));
        urls.OnNext(new HashSet<Uri> { shard });
        await WaitAsync(() => endpoints.HasSynced && endpoints.Urls.Count == 1);

        urls.OnNext(new HashSet<Uri>());
        await WaitAsync(() => endpoints.Urls.Count == 0);
        await release.CancelAsync();

        lock (events)
        {
            events.ShouldBe(["/services/apiexport/x/widgets Added c1|default/a", "/services/apiexport/x/widgets Deleted c1|default/a"]);
        }

        server.Requests.First().ShouldStartWith("GET /services/apiexport/x/widgets/clusters/*/apis/example.io/v1/widgets");
    }

    private static Task WaitAsync(Func<bool> condition) => Eventually.UntilAsync("the condition", condition, TimeSpan.FromSeconds(10));
}
