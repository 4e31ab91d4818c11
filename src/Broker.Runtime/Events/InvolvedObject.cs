using System.Text.Json.Nodes;

namespace Broker.Runtime.Events;

/// <summary>The core/v1 ObjectReference an Event is about, copied from the object when it is recorded (the caller may
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

    /// <summary>Empty fields are left out, as Kubernetes serializes an ObjectReference.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        Add(json, "apiVersion", ApiVersion);
        Add(json, "kind", Kind);
        Add(json, "namespace", Namespace);
        Add(json, "name", Name);
        Add(json, "uid", Uid);
        Add(json, "resourceVersion", ResourceVersion);
        return json;
    }

    private static void Add(JsonObject json, string field, string value)
    {
        if (value.Length > 0)
        {
            json[field] = value;
        }
    }

    // Never throws: a number where a string belongs reads as absent, since Record must not fail its caller.
    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
