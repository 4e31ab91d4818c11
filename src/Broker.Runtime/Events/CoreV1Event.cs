using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Events;

/// <summary>The wire shape of a core/v1 Event, which is what <c>kubectl get events</c> and <c>kubectl describe</c> read.</summary>
internal static class CoreV1Event
{
    public static readonly GroupVersionResource Resource = new("", "v1", "events");

    /// <summary>Cluster-scoped objects get their Events in <c>default</c>, as client-go does.</summary>
    public static string NamespaceOf(InvolvedObject obj) => obj.Namespace.Length > 0 ? obj.Namespace : "default";

    public static JsonObject New(string name, EventOccurrence occurrence, EventSeries series, EventRecorderOptions options) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = NamespaceOf(occurrence.Object) },
        ["involvedObject"] = occurrence.Object.ToJson(),
        ["reason"] = occurrence.Reason,
        ["message"] = occurrence.Message,
        ["type"] = occurrence.Type.ToString(),
        ["source"] = new JsonObject { ["component"] = options.Component, ["host"] = options.Instance },
        ["firstTimestamp"] = Timestamp(series.FirstTimestamp),
        ["lastTimestamp"] = Timestamp(series.LastTimestamp),
        ["count"] = series.Count,
        ["eventTime"] = null, // set only by events.k8s.io-style writers, which the API server then holds to stricter rules (action, ...)
        ["reportingComponent"] = options.Component,
        ["reportingInstance"] = options.Instance,
    };

    /// <summary>A merge patch that moves an existing Event to the series' count and last timestamp.</summary>
    public static JsonObject CountPatch(EventSeries series) => new()
    {
        ["count"] = series.Count,
        ["lastTimestamp"] = Timestamp(series.LastTimestamp),
    };

    /// <summary>metav1.Time: RFC 3339 in whole seconds, UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>At most <paramref name="max"/> characters; a cut text ends in an ellipsis and never splits a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = Math.Max(0, max - 1);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    /// <summary><c>&lt;object&gt;.&lt;hex&gt;</c> as client-go names Events, shortening the object's name so the result
    /// stays a valid name (253 characters).</summary>
    public static string Name(string objectName, long suffix)
    {
        var hex = suffix.ToString("x", CultureInfo.InvariantCulture);
        var room = 253 - 1 - hex.Length;
        var prefix = objectName.Length > room ? objectName[..room].TrimEnd('.', '-') : objectName;
        return $"{prefix}.{hex}";
    }
}
