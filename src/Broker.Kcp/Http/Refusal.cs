using System.Text.RegularExpressions;

namespace Broker.Kcp.Http;

/// <summary>
/// What a 403 refused, in the words an operator grants it with: the verb and resource (as kcp's message words them,
/// e.g. <c>create</c> and <c>secrets</c> or <c>placements.broker.platform-mesh.io</c>), the workspace the request went to
/// (kcp's message never names it) and kcp's own message.
/// </summary>
public sealed partial record Refusal(string Verb, string Resource, string Workspace, string Message)
{
    /// <summary><c>missing permission: create secrets in root:platform (kcp: ...)</c>: one line, for a condition, an Event or a log.</summary>
    public override string ToString() => $"missing permission: {Verb} {Resource} in {Workspace} (kcp: {Message})";

    /// <summary>
    /// Reads the refusal of <paramref name="method"/> <paramref name="uri"/>. Verb and resource come from kcp's message
    /// when it has the upstream form (<c>cannot create resource "secrets" in API group ""</c>, or the APIBinding admission's
    /// <c>no permission to bind to export path:name</c>); otherwise from the request, as the API server's request info reads it.
    /// </summary>
    public static Refusal From(HttpMethod method, Uri uri, string? message)
    {
        message ??= "";
        var request = RequestOf(method, uri);
        if (BindPattern().Match(message) is { Success: true } bind)
        {
            return new Refusal("bind", "apiexports.apis.kcp.io", bind.Groups["path"].Value, message);
        }

        if (RbacPattern().Match(message) is { Success: true } rbac)
        {
            var group = rbac.Groups["group"].Value;
            var resource = rbac.Groups["resource"].Success ? Qualified(rbac.Groups["resource"].Value, group) : rbac.Groups["path"].Value;
            return new Refusal(rbac.Groups["verb"].Value, resource, request.Workspace, message);
        }

        return request with { Message = message };
    }

    // Upstream's forbiddenMessage: `User "u" cannot <verb> resource "<res>[/<sub>]" in API group "<group>" ...` or `... path "<path>"`.
    [GeneratedRegex("""cannot (?<verb>\S+) (?:resource "(?<resource>[^"]+)"(?: in API group "(?<group>[^"]*)")?|path "(?<path>[^"]+)")""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RbacPattern();

    [GeneratedRegex("""no permission to bind to export (?<path>\S+):(?<name>[^\s:]+)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BindPattern();

    /// <summary>Verb, resource and workspace from the URL alone: <c>/clusters/&lt;workspace&gt;/api/v1/...</c> or
    /// <c>/clusters/&lt;workspace&gt;/apis/&lt;group&gt;/&lt;version&gt;/...</c>, also behind a virtual workspace's prefix.</summary>
    private static Refusal RequestOf(HttpMethod method, Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var clusters = Array.LastIndexOf(segments, "clusters");
        var workspace = clusters >= 0 && clusters + 1 < segments.Length ? segments[clusters + 1] : uri.Host;
        var rest = segments.Skip(clusters + 2).ToArray();
        var (group, path) = rest switch
        {
            ["api", _, .. var tail] => ("", tail),
            ["apis", var g, _, .. var tail] => (g, tail),
            _ => ("", Array.Empty<string>()),
        };
        if (path is ["namespaces", _, _, ..])
        {
            path = path[2..];
        }

        var named = path.Length >= 2;
        var resource = path.Length == 0 ? uri.AbsolutePath : Qualified(path.Length >= 3 ? $"{path[0]}/{path[2]}" : path[0], group);
        var watch = uri.Query.Contains("watch=true", StringComparison.Ordinal);
        var verb = method.Method switch
        {
            "GET" => watch ? "watch" : named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            var other => other.ToLowerInvariant(),
        };
        return new Refusal(verb, resource, workspace, "");
    }

    // kubectl's way of naming a resource of a group: `placements.broker.platform-mesh.io`, `secrets` for the core group.
    private static string Qualified(string resource, string group)
    {
        if (group.Length == 0)
        {
            return resource;
        }

        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? $"{resource}.{group}" : $"{resource[..slash]}.{group}{resource[slash..]}";
    }
}
