using System.Reactive.Subjects;
using System.Text.Json.Nodes;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Endpoints;

public sealed class EndpointUrlsTests
{
    [Test]
    public void From_SliceEvents_EmitsUrlSetOnlyWhenItChanges()
    {
        using var events = new Subject<WatchEvent>();
        var sets = new List<string>();
        using var subscription = EndpointUrls.From(events).Subscribe(s => sets.Add(string.Join(",", s.Select(u => u.Host).Order(StringComparer.Ordinal))));

        events.OnNext(new WatchEvent(WatchEventType.Added, Slice()));
        events.OnNext(new WatchEvent(WatchEventType.Modified, Slice("s0")));
        events.OnNext(new WatchEvent(WatchEventType.Modified, Slice("s0")));               // same set: nothing new
        events.OnNext(new WatchEvent(WatchEventType.Bookmark, new JsonObject()));
        events.OnNext(new WatchEvent(WatchEventType.Modified, Slice("s1", "s0")));
        events.OnNext(new WatchEvent(WatchEventType.Modified, Slice("s0", "s1")));         // order does not matter
        events.OnNext(new WatchEvent(WatchEventType.Deleted, Slice("s0", "s1")));

        sets.ShouldBe(["", "s0", "s0,s1", ""]);
    }

    private static JsonObject Slice(params string[] hosts) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha1",
        ["kind"] = "APIExportEndpointSlice",
        ["metadata"] = new JsonObject { ["name"] = "widgets" },
        ["status"] = new JsonObject
        {
            ["endpoints"] = new JsonArray([.. hosts.Select(h => (JsonNode)new JsonObject { ["url"] = $"https://{h}/services/apiexport/x/widgets" })]),
        },
    };
}
