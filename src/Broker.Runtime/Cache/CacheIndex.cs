using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>A secondary index: a name and the values an object is filed under. Values are computed once, when the
/// object enters the cache.</summary>
public sealed record CacheIndex(string Name, Func<JsonObject, IEnumerable<string>> Values)
{
    /// <summary>Objects by the value of one label.</summary>
    public static CacheIndex ByLabel(string key) =>
        new(LabelIndexName(key), obj => KubeObject.Label(obj, key) is { } value ? [value] : []);

    /// <summary>The name <see cref="ByLabel"/> gives its index.</summary>
    public static string LabelIndexName(string key) => $"label:{key}";

    /// <summary>Objects by the name of their owner of <paramref name="kind"/> (e.g. the owning Placement), as "cluster|name".</summary>
    public static CacheIndex ByOwner(string kind) =>
        new($"owner:{kind}", obj => (KubeObject.Metadata(obj)?["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(o => string.Equals(o["kind"]?.GetValue<string>(), kind, StringComparison.Ordinal))
            .Select(o => $"{KubeObject.Cluster(obj)}|{o["name"]?.GetValue<string>()}"));

    /// <summary>Objects by a group/version/resource object at <paramref name="path"/> (an AcceptAPI's <c>spec.gvr</c>),
    /// filed as <c>resource.version.group</c> like <see cref="GroupVersionResource.ToString"/>.</summary>
    public static CacheIndex ByGvr(string name, params string[] path) =>
        new(name, obj =>
        {
            JsonNode? node = obj;
            foreach (var segment in path)
            {
                node = node?[segment];
            }

            return node is JsonObject gvr && gvr["resource"]?.GetValue<string>() is { Length: > 0 } resource
                ? [new GroupVersionResource(gvr["group"]?.GetValue<string>() ?? "", gvr["version"]?.GetValue<string>() ?? "", resource).ToString()]
                : [];
        });
}
