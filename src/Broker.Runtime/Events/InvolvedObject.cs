using System.Text.Json.Nodes;
using k8s.Models;

namespace Broker.Runtime.Events;

/// <summary>The object an Event is about (its core/v1 ObjectReference), copied from the object when it is recorded (the caller may
/// change the object afterwards).</summary>
internal sealed record InvolvedObject(string ApiVersion, string Kind, string Namespace, string Name, string Uid, string ResourceVersion)
{
    /// <summary>Null when the object lacks a kind or a name: no Event can point at it.</summary>
    public static InvolvedObject? From(JsonObject? obj)
    {
        var kind = Text(obj?["kind"]);
        var name = Text(obj?["metadata"]?["name"]);
        if (obj is null || kind.Length == 0 || name.Length == 0)
        {
            return null;
        }

        var metadata = obj["metadata"];
        return new InvolvedObject(
            Text(obj["apiVersion"]), kind, Text(metadata?["namespace"]), name, Text(metadata?["uid"]), Text(metadata?["resourceVersion"]));
    }

    /// <summary>The Event's <c>involvedObject</c>; empty fields are left out, as Kubernetes serializes an ObjectReference.</summary>
    public V1ObjectReference ToReference() => new()
    {
        ApiVersion = OrNull(ApiVersion),
        Kind = OrNull(Kind),
        NamespaceProperty = OrNull(Namespace),
        Name = OrNull(Name),
        Uid = OrNull(Uid),
        ResourceVersion = OrNull(ResourceVersion),
    };

    private static string? OrNull(string value) => value.Length > 0 ? value : null;

    // Never throws: a number where a string belongs reads as absent, since Record must not fail its caller.
    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
