using System.Text.Json.Nodes;

namespace Broker.Kcp.Models;

/// <summary>One change to one object. For <see cref="WatchEventType.Deleted"/> the object is its last known state;
/// for <see cref="WatchEventType.Bookmark"/> it carries only <c>metadata.resourceVersion</c>.</summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Object)
{
    public override string ToString() => $"{Type} {KubeObject.Key(Object)}@{KubeObject.ResourceVersion(Object)}";
}
