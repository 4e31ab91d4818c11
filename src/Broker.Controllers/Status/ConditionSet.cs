using System.Globalization;
using System.Text.Json.Nodes;

namespace Broker.Controllers.Status;

/// <summary>
/// Upserts conditions into a status' <c>conditions</c> list by type, keeping lastTransitionTime when the
/// status did not change and leaving every other condition (the provider's) untouched.
/// </summary>
public static class ConditionSet
{
    /// <summary>Longest message the broker writes; longer ones are cut with an ellipsis.</summary>
    public const int MaxMessageLength = 1024;

    /// <param name="value">True or False; null for Unknown (the broker could not tell).</param>
    public static void Upsert(JsonObject status, string type, bool? value, string reason, string message, DateTimeOffset now, long? observedGeneration = null)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var statusText = value switch { true => "True", false => "False", null => "Unknown" };
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        var transition = existing is not null && (string?)existing["status"] == statusText && existing["lastTransitionTime"] is JsonValue previous
            ? previous.GetValue<string>()
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = statusText,
            ["reason"] = reason,
            ["message"] = Bound(message),
            ["lastTransitionTime"] = transition,
        };
        if (observedGeneration is { } generation)
        {
            condition["observedGeneration"] = generation;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static void Remove(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions && conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type) is { } existing)
        {
            conditions.Remove(existing);
        }
    }

    public static JsonObject? Find(JsonObject? status, string type) =>
        (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static string Bound(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 3), "...");
}
