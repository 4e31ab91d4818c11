using System.Text;
using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>
/// A parsed filter key. Users write keys two ways: relative to .spec as upstream does (<c>fqdn</c>,
/// <c>storage.size</c>) or absolute (<c>spec.fqdn</c>); metadata keys name labels and annotations
/// verbatim after the second dot, so <c>metadata.labels.app.kubernetes.io/tier</c> works.
/// </summary>
public sealed class FilterKey : IEquatable<FilterKey>
{
    private static readonly byte[] SpecUtf8 = "spec"u8.ToArray();
    private static readonly byte[] MetadataUtf8 = "metadata"u8.ToArray();
    private static readonly byte[] NameUtf8 = "name"u8.ToArray();
    private static readonly byte[] NamespaceUtf8 = "namespace"u8.ToArray();
    private static readonly byte[] LabelsUtf8 = "labels"u8.ToArray();
    private static readonly byte[] AnnotationsUtf8 = "annotations"u8.ToArray();

    // Property names along the path from the object's root, pre-encoded so lookups do not allocate.
    private readonly byte[][] _path;

    private FilterKey(FilterKeyKind kind, string display, IEnumerable<byte[]> path)
    {
        Kind = kind;
        Display = display;
        _path = path.ToArray();
    }

    public FilterKeyKind Kind { get; }

    /// <summary>The canonical form used in messages: <c>spec.fqdn</c>, <c>metadata.labels.env</c>.</summary>
    public string Display { get; }

    public static bool TryParse(string key, out FilterKey? parsed, out string? error)
    {
        parsed = null;
        error = Problem(key);
        if (error is not null)
        {
            return false;
        }

        if (key.StartsWith("metadata.", StringComparison.Ordinal) || key == "metadata")
        {
            parsed = ParseMetadata(key, out error);
            return parsed is not null;
        }

        var relative = key.StartsWith("spec.", StringComparison.Ordinal) ? key["spec.".Length..] : key;
        if (key == "spec" || relative.Length == 0)
        {
            error = $"key \"{key}\" must name a field under spec, e.g. spec.fqdn";
            return false;
        }

        var segments = relative.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            error = $"key \"{key}\" is malformed: empty path segment";
            return false;
        }

        parsed = new FilterKey(FilterKeyKind.Spec, "spec." + relative, segments.Select(Encoding.UTF8.GetBytes).Prepend(SpecUtf8));
        return true;
    }

    /// <summary>The value at this key, or false when the field is absent or null.</summary>
    public bool TryResolve(JsonElement obj, out JsonElement value)
    {
        value = obj;
        foreach (var segment in _path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return false;
            }
        }

        return value.ValueKind != JsonValueKind.Null;
    }

    public bool Equals(FilterKey? other) => other is not null && Display == other.Display;

    public override bool Equals(object? obj) => Equals(obj as FilterKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Display);

    public override string ToString() => Display;

    private static string? Problem(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "key is empty";
        }

        return key.Any(char.IsWhiteSpace) ? $"key \"{key}\" is malformed: it contains whitespace" : null;
    }

    private static FilterKey? ParseMetadata(string key, out string? error)
    {
        error = null;
        var rest = key.Length > "metadata.".Length ? key["metadata.".Length..] : "";
        switch (rest)
        {
            case "name":
                return new FilterKey(FilterKeyKind.MetadataName, key, [MetadataUtf8, NameUtf8]);
            case "namespace":
                return new FilterKey(FilterKeyKind.MetadataNamespace, key, [MetadataUtf8, NamespaceUtf8]);
        }

        foreach (var (prefix, kind, field) in new[] { ("labels", FilterKeyKind.Label, LabelsUtf8), ("annotations", FilterKeyKind.Annotation, AnnotationsUtf8) })
        {
            if (rest == prefix || rest == prefix + ".")
            {
                error = $"key \"{key}\" needs a {(kind == FilterKeyKind.Label ? "label" : "annotation")} key after \"metadata.{prefix}.\"";
                return null;
            }

            if (rest.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                var name = rest[(prefix.Length + 1)..];
                if (QualifiedName.Problem(name) is { } problem)
                {
                    error = $"key \"{key}\" is malformed: {problem}";
                    return null;
                }

                return new FilterKey(kind, key, [MetadataUtf8, field, Encoding.UTF8.GetBytes(name)]);
            }
        }

        error = $"key \"{key}\" names an unknown metadata field; supported: metadata.name, metadata.namespace, metadata.labels.<key>, metadata.annotations.<key>";
        return null;
    }
}
