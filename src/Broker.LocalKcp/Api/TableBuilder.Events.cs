using System.Globalization;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Api;

/// <summary>Kubernetes' printer for core/v1 Events, so that <c>kubectl get events</c> prints LAST SEEN, TYPE, REASON,
/// OBJECT and MESSAGE (and, with <c>-o wide</c>, SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME) as on a real cluster.</summary>
public static partial class TableBuilder
{
    private static readonly IReadOnlyList<Column> EventColumns =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded.", 0, "") { Compute = (e, now) => LastSeen(e, now) },
        new("Type", "string", "Type of this event (Normal, Warning).", 0, "") { Compute = (e, _) => Text(e, "type") },
        new("Reason", "string", "A short, machine-understandable string that gives the reason for the transition into the object's current status.", 0, "") { Compute = (e, _) => Text(e, "reason") },
        new("Object", "string", "The object that this event is about.", 0, "") { Compute = (e, _) => EventObject(e) },
        new("Subobject", "string", "The field of the object this event is about.", 1, "") { Compute = (e, _) => Text(e, "involvedObject", "fieldPath") },
        new("Source", "string", "The component reporting this event.", 1, "") { Compute = (e, _) => EventSource(e) },
        new("Message", "string", "A human-readable description of the status of this operation.", 0, "") { Compute = (e, _) => Text(e, "message").Trim() },
        new("First Seen", "string", "The time at which the event was first recorded.", 1, "") { Compute = (e, now) => FirstSeen(e, now) },
        new("Count", "string", "The number of times this event has occurred.", 1, "") { Compute = (e, _) => EventCount(e) },
        new("Name", "string", "Name must be unique within a namespace.", 1, "") { Compute = (e, _) => Text(e, "metadata", "name") },
    ];

    private static string Text(JsonObject value, params ReadOnlySpan<string> path) => ObjectMeta.GetString(value, path) ?? "";

    private static string FirstSeen(JsonObject e, DateTimeOffset now) =>
        Since(Text(e, "firstTimestamp"), now) ?? Since(Text(e, "eventTime"), now) ?? "<unknown>";

    // As kubectl: a series' last observation wins, then lastTimestamp, then the first sighting.
    private static string LastSeen(JsonObject e, DateTimeOffset now) =>
        Since(Text(e, "series", "lastObservedTime"), now) ?? Since(Text(e, "lastTimestamp"), now) ?? FirstSeen(e, now);

    private static long EventCount(JsonObject e)
    {
        var count = (e["series"]?["count"] ?? e["count"]) is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        return count == 0 ? 1 : count;
    }

    private static string EventObject(JsonObject e)
    {
        var kind = Text(e, "involvedObject", "kind").ToLowerInvariant();
        var name = Text(e, "involvedObject", "name");
        return name.Length > 0 ? $"{kind}/{name}" : kind;
    }

    private static string EventSource(JsonObject e)
    {
        var component = FirstNonEmpty(Text(e, "source", "component"), Text(e, "reportingComponent"));
        var instance = FirstNonEmpty(Text(e, "source", "host"), Text(e, "reportingInstance"));
        return component.Length == 0 ? "<unknown>" : instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;

    private static string? Since(string timestamp, DateTimeOffset now) =>
        timestamp.Length > 0 && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? HumanDuration.Format(now - time)
            : null;
}
