using System.Text.Json.Nodes;
using k8s.Models;

namespace Broker.Core.Api.Schema;

/// <summary>
/// Schemas of KubernetesClient's models the broker's kinds embed. Those classes carry no validation attributes and list
/// their properties alphabetically, so their schema is written here once, in the order and with the rules the committed
/// manifests have always had.
/// </summary>
internal static class WellKnownSchemas
{
    public static JsonObject? For(Type type) => type == typeof(V1Condition) ? Condition() : null;

    /// <summary>metav1.Condition; like before the move, only type and status are required.</summary>
    private static JsonObject Condition() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["description"] = "Type of the condition, e.g. Available, Placed, Migrating.", ["type"] = "string", ["minLength"] = 1 },
            ["status"] = new JsonObject { ["description"] = "Status of the condition: True, False or Unknown.", ["type"] = "string", ["enum"] = new JsonArray("True", "False", "Unknown") },
            ["observedGeneration"] = new JsonObject { ["description"] = "The generation of the object this condition was computed from.", ["type"] = "integer", ["format"] = "int64" },
            ["lastTransitionTime"] = new JsonObject { ["description"] = "When the status last changed.", ["type"] = "string", ["format"] = "date-time" },
            ["reason"] = new JsonObject { ["description"] = "A CamelCase machine-readable reason for the last transition.", ["type"] = "string" },
            ["message"] = new JsonObject { ["description"] = "A human-readable message with details about the last transition.", ["type"] = "string" },
        },
        ["required"] = new JsonArray("type", "status"),
    };
}
