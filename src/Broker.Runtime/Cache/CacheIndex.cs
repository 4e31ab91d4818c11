using System.Text.Json;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>A secondary index: a name and the values an object is filed under. Values are computed once, when the
/// object enters the cache, from the object's JSON as a parsed document (<see cref="KubeElement"/> reads it): no node
/// tree is built to file an object.</summary>
public sealed record CacheIndex(string Name, Func<JsonElement, IEnumerable<string>> Values)
{
    /// <summary>Keeps only how many objects each value has (<see cref="StoreSnapshot.IndexCounts"/>), not which: for a
    /// gauge, whose values each hold many objects (a set member cost about 70 bytes per object).</summary>
    public bool CountsOnly { get; init; }

    /// <summary>An index of counts only (<see cref="CountsOnly"/>).</summary>
    public static CacheIndex Counted(string name, Func<JsonElement, IEnumerable<string>> values) => new(name, values) { CountsOnly = true };

    /// <summary>Objects by the value of one label.</summary>
    public static CacheIndex ByLabel(string key) =>
        new(LabelIndexName(key), obj => KubeElement.Label(obj, key) is { } value ? [value] : []);

    /// <summary>The name <see cref="ByLabel"/> gives its index.</summary>
    public static string LabelIndexName(string key) => $"label:{key}";

    /// <summary>Objects by the name of their owner of <paramref name="kind"/> (e.g. the owning Placement), as "cluster|name".</summary>
    public static CacheIndex ByOwner(string kind) =>
        new($"owner:{kind}", obj => KubeElement.Objects(obj, "metadata", "ownerReferences")
            .Where(o => string.Equals(KubeElement.String(o, "kind"), kind, StringComparison.Ordinal))
            .Select(o => $"{KubeElement.Cluster(obj)}|{KubeElement.String(o, "name")}"));

    /// <summary>Objects by a group/version/resource object at <paramref name="path"/> (an AcceptAPI's <c>spec.gvr</c>),
    /// filed as <c>resource.version.group</c> like <see cref="GroupVersionResource.ToString"/>.</summary>
    public static CacheIndex ByGvr(string name, params string[] path) =>
        new(name, obj =>
            KubeElement.At(obj, path) is { } gvr && KubeElement.String(gvr, "resource") is { Length: > 0 } resource
                ? [new GroupVersionResource(KubeElement.String(gvr, "group") ?? "", KubeElement.String(gvr, "version") ?? "", resource).ToString()]
                : []);
}
