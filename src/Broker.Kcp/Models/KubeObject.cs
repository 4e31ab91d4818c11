using System.Text.Json.Nodes;

namespace Broker.Kcp.Models;

/// <summary>Reads well-known fields of unstructured objects without converting them.</summary>
public static class KubeObject
{
    public static JsonObject? Metadata(JsonObject obj) => obj["metadata"] as JsonObject;

    public static string Name(JsonObject obj) => Metadata(obj)?["name"]?.GetValue<string>() ?? "";

    public static string Namespace(JsonObject obj) => Metadata(obj)?["namespace"]?.GetValue<string>() ?? "";

    public static string? ResourceVersion(JsonObject obj) => Metadata(obj)?["resourceVersion"]?.GetValue<string>();

    /// <summary>The <c>kcp.io/cluster</c> annotation, or "" for objects outside kcp (and bookmarks).</summary>
    public static string Cluster(JsonObject obj) => Annotation(obj, KcpAnnotations.Cluster) ?? "";

    public static string? Annotation(JsonObject obj, string key) =>
        Metadata(obj)?["annotations"]?[key]?.GetValue<string>();

    public static string? Label(JsonObject obj, string key) =>
        Metadata(obj)?["labels"]?[key]?.GetValue<string>();

    public static IEnumerable<KeyValuePair<string, string>> Labels(JsonObject obj) =>
        Metadata(obj)?["labels"] is JsonObject labels
            ? labels.Where(l => l.Value is not null).Select(l => KeyValuePair.Create(l.Key, l.Value!.GetValue<string>()))
            : [];

    /// <summary>kcp's cluster-aware key, <c>cluster|namespace/name</c> (kcp-api.md 5.2).</summary>
    public static string Key(JsonObject obj)
    {
        var ns = Namespace(obj);
        return ns.Length == 0 ? $"{Cluster(obj)}|{Name(obj)}" : $"{Cluster(obj)}|{ns}/{Name(obj)}";
    }
}
