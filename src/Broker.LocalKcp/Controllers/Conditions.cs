using System.Globalization;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Controllers;

/// <summary>Builds kcp conditions, keeping lastTransitionTime when a condition's status did not change.</summary>
public static class Conditions
{
    public static JsonObject Make(JsonNode? previous, string type, bool status, string? reason, string? message, DateTimeOffset now)
    {
        var old = (previous as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => ObjectMeta.GetString(c, "type") == type);
        var value = status ? "True" : "False";
        var time = old is not null && ObjectMeta.GetString(old, "status") == value
            ? ObjectMeta.GetString(old, "lastTransitionTime")
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject { ["type"] = type, ["status"] = value, ["lastTransitionTime"] = time };
        if (!status)
        {
            condition["severity"] = "Error";
        }

        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
