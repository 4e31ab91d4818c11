using System.Collections.Frozen;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>
/// The field labels a resource can be selected by, as the Kubernetes API server registers them:
/// metadata.name and metadata.namespace everywhere, and a few resource-specific ones (kubectl describe
/// finds an object's Events by involvedObject.*).
/// </summary>
public static class FieldLabels
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> ByResource =
        new Dictionary<string, FrozenDictionary<string, string[]>>(StringComparer.Ordinal)
        {
            ["events"] = Paths(
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "type", "source=source.component"),
            ["secrets"] = Paths("type"),
            ["namespaces"] = Paths("status.phase"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The JSON path of <paramref name="label"/> in objects of <paramref name="resource"/>, or null when the label is not supported.</summary>
    public static string[]? PathOf(ApiResource resource, string label) =>
        resource.Group.Length == 0 && ByResource.TryGetValue(resource.Plural, out var labels) && labels.TryGetValue(label, out var path) ? path : null;

    // "label" is read at the same path; "label=path" where they differ.
    private static FrozenDictionary<string, string[]> Paths(params string[] labels) =>
        labels.Select(l => l.Split('=')).ToFrozenDictionary(p => p[0], p => p[^1].Split('.'), StringComparer.Ordinal);
}
