using Broker.Kcp.Models;

namespace Broker.Kcp.Kubeconfig;

/// <summary>A server root (no <c>/clusters/</c> suffix), the workspace a kubeconfig points at if any, and credentials.</summary>
public sealed record KcpConnection(Uri Server, ClusterPath? Workspace, KcpCredentials Credentials)
{
    public string? Namespace { get; init; }

    /// <summary>Where the connection came from, for messages: <c>kubeconfig /path: context 'name'</c>.</summary>
    public string Source { get; init; } = "kubeconfig";

    /// <summary>Splits a server URL such as <c>https://h:6443/clusters/root:org</c> into root and workspace.</summary>
    public static (Uri Root, ClusterPath? Workspace) SplitServer(Uri server)
    {
        var path = server.AbsolutePath.TrimEnd('/');
        var at = path.LastIndexOf("/clusters/", StringComparison.Ordinal);
        if (at < 0)
        {
            return (WithTrailingSlash(server), null);
        }

        var cluster = Uri.UnescapeDataString(path[(at + "/clusters/".Length)..]);
        if (cluster.Contains('/', StringComparison.Ordinal) || !ClusterPath.TryParse(cluster, out var workspace))
        {
            return (WithTrailingSlash(server), null);
        }

        var root = new UriBuilder(server) { Path = path[..at] + "/", Query = "" }.Uri;
        return (root, workspace);
    }

    /// <summary>Relative paths only join onto a base that ends in '/' (dotnet-environment.md 4.8).</summary>
    public static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}
