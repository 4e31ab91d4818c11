namespace Broker.LocalKcp.Api;

/// <summary>A parsed resource URL: /api/v1|/apis/g/v, then [namespaces/ns/]resource[:identity][/name[/subresource]].</summary>
public sealed record ResourceRequest(string Group, string Version, string Resource, string Identity, string? Namespace, string? Name, string? Subresource)
{
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static ResourceRequest? Parse(string group, string version, ReadOnlySpan<string> segments)
    {
        string? ns = null;
        if (segments.Length >= 2 && segments[0] == "namespaces" && (segments.Length == 2 || NamespaceSubresources.Contains(segments[2])))
        {
            return new ResourceRequest(group, version, "namespaces", "", null, segments[1], segments.Length > 2 ? segments[2] : null);
        }

        if (segments.Length >= 3 && segments[0] == "namespaces")
        {
            ns = segments[1];
            segments = segments[2..];
        }

        if (segments.Length is 0 or > 3 || segments[0].Length == 0)
        {
            return null;
        }

        var resource = segments[0];
        var identity = "";
        var colon = resource.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            identity = resource[(colon + 1)..];
            resource = resource[..colon];
        }

        return new ResourceRequest(group, version, resource, identity, ns,
            segments.Length > 1 ? segments[1] : null,
            segments.Length > 2 ? segments[2] : null);
    }
}
