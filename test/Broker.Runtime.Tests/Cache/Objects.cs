using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Tests.Cache;

/// <summary>Small unstructured objects and events for cache tests.</summary>
internal static class Objects
{
    public static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");

    public static readonly Uri ShardA = new("https://shard-a/services/apiexport/x/widgets/clusters/*/");
    public static readonly Uri ShardB = new("https://shard-b/services/apiexport/x/widgets/clusters/*/");

    public static JsonObject Widget(string cluster, string name, string rv, string? app = null, string ns = "default")
    {
        var metadata = new JsonObject
        {
            ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = rv,
            ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = cluster },
        };
        if (app is not null)
        {
            metadata["labels"] = new JsonObject { ["app"] = app };
        }

        return new JsonObject { ["apiVersion"] = "example.io/v1", ["kind"] = "Widget", ["metadata"] = metadata, ["spec"] = new JsonObject { ["size"] = 1 } };
    }

    public static JsonObject Binding(string cluster, string name, bool ready) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha2",
        ["kind"] = "APIBinding",
        ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = cluster } },
        ["status"] = new JsonObject
        {
            ["phase"] = ready ? "Bound" : "Binding",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        },
    };

    public static WatchEvent Added(JsonObject obj) => new(WatchEventType.Added, obj);

    public static WatchEvent Modified(JsonObject obj) => new(WatchEventType.Modified, obj);

    public static WatchEvent Deleted(JsonObject obj) => new(WatchEventType.Deleted, obj);
}
