using System.Text.Json.Nodes;

namespace Broker.Kcp.Models;

/// <summary>One change to one object. For <see cref="WatchEventType.Deleted"/> the object is its last known state;
/// for <see cref="WatchEventType.Bookmark"/> it carries only <c>metadata.resourceVersion</c>.</summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Object)
{
    /// <summary>The object's JSON as the server sent it, when the event came from a watch stream (empty otherwise,
    /// e.g. for a listed object). Equal in content to <see cref="Object"/>, which nobody may change.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; init; }

    public override string ToString() => $"{Type} {KubeObject.Key(Object)}@{KubeObject.ResourceVersion(Object)}";
}
