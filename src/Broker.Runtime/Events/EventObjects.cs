using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using k8s.Models;

namespace Broker.Runtime.Events;

/// <summary>Builds the core/v1 Events the recorder writes (KubernetesClient's <see cref="Corev1Event"/>), the shape
/// <c>kubectl get events</c> and <c>kubectl describe</c> read.</summary>
internal static class EventObjects
{
    public static readonly GroupVersionResource Resource = new("", "v1", "events");

    /// <summary>Cluster-scoped objects get their Events in <c>default</c>, as client-go does.</summary>
    public static string NamespaceOf(InvolvedObject obj) => obj.Namespace.Length > 0 ? obj.Namespace : "default";

    // eventTime stays unset: only events.k8s.io-style writers set it, and the API server then holds them to stricter
    // rules (action, ...).
    public static JsonObject New(string name, EventOccurrence occurrence, EventSeries series, EventRecorderOptions options) => KubeJson.ToNode(new Corev1Event
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = NamespaceOf(occurrence.Object) },
        InvolvedObject = occurrence.Object.ToReference(),
        Reason = occurrence.Reason,
        Message = occurrence.Message,
        Type = occurrence.Type.ToString(),
        Source = new V1EventSource { Component = options.Component, Host = options.Instance },
        FirstTimestamp = Timestamp(series.FirstTimestamp),
        LastTimestamp = Timestamp(series.LastTimestamp),
        Count = series.Count,
        ReportingComponent = options.Component,
        ReportingInstance = options.Instance,
    });

    /// <summary>A merge patch that moves an existing Event to the series' count and last timestamp.</summary>
    public static JsonObject CountPatch(EventSeries series) =>
        KubeJson.ToNode(new Corev1Event { Count = series.Count, LastTimestamp = Timestamp(series.LastTimestamp) });

    /// <summary>metav1.Time holds whole seconds; cut here, so the wire says what the server keeps.</summary>
    public static DateTime Timestamp(DateTimeOffset time) =>
        MetaTime.FromOffset(time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond)));

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
