using System.Collections.Concurrent;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Workspaces;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.VirtualWorkspaces;

/// <summary>
/// Serves /services/apiexport/&lt;export cluster name&gt;/&lt;export&gt;/clusters/&lt;cluster name|*&gt;/... for
/// the shard it is reached through. Paths instead of names are not accepted (404), as in kcp.
/// </summary>
public sealed class VirtualWorkspaceRouter(ControlPlane plane, ApiRequestHandler api)
{
    private const string Prefix = "/services/apiexport/";

    // Building a view parses the export's schemas; it only changes when the catalog does (any CRD, schema, export or binding write).
    private readonly ConcurrentDictionary<(string Cluster, string Export), (long Generation, ExportView View)> _views = new();

    public async Task HandleAsync(HttpContext context, Shard shard, string path)
    {
        var parts = path[Prefix.Length..].Split('/', 5);
        if (parts.Length < 4 || parts[2] != "clusters")
        {
            throw NotFound(path);
        }

        var (exportCluster, exportName, target) = (parts[0], parts[1], parts[3]);
        var rest = parts.Length > 4 ? "/" + parts[4] : "/";
        if (!ClusterNames.IsName(exportCluster) || (target != "*" && !ClusterNames.IsName(target)))
        {
            throw NotFound(path);
        }

        var view = View(exportCluster, exportName) ?? throw NotFound(path);
        var prefix = $"{shard.PathPrefix}{Prefix}{exportCluster}/{exportName}/clusters/{target}";
        var access = Content(exportCluster, exportName);
        ApiSurface surface;
        if (target == "*")
        {
            surface = new ApiSurface(view.Apis, prefix, shard, null)
            {
                Access = access,
                RequireCrossNamespaceWildcard = true,
                Visibility = resource => view.Visibility(resource, shard, null),
            };
        }
        else
        {
            var cluster = plane.Clusters.TryGetByName(target)
                ?? throw new StatusException(403, "Forbidden", $"access denied: could not find suitable APIBinding in target logical cluster \"{target}\"");
            var binding = cluster is not null && cluster.Shard == shard ? view.FindBinding(cluster) : null;
            surface = new ApiSurface(view.Apis, prefix, shard, cluster)
            {
                Access = access,
                Authorize = (resource, verb) => view.Authorize(resource, verb, binding),
                PrepareWrite = (resource, body) => view.PrepareWrite(resource, body, binding),
                Visibility = resource => view.Visibility(resource, shard, cluster),
            };
        }

        await api.HandleAsync(context, surface, rest);
    }

    /// <summary>
    /// kcp's content authorizer: the caller needs the request's verb on apiexports/content named after the export,
    /// in the export's workspace, through that workspace's full chain (so also access to it).
    /// </summary>
    private Action<UserInfo, RequestAttributes> Content(string exportCluster, string exportName) => (user, request) =>
    {
        var content = RequestAttributes.ForResource(request.Verb, KcpGroups.Apis, "apiexports", "content", name: exportName);
        if (!user.IsMaster && !(plane.Clusters.TryGetByName(exportCluster) is { } cluster && plane.Authorizer.Allows(user, cluster, content)))
        {
            throw Forbidden.For(user, request, "access denied");
        }
    };

    private ExportView? View(string exportCluster, string exportName)
    {
        var generation = plane.Catalog.Generation; // read first: a change while building leaves an older generation, so the next request rebuilds
        if (_views.TryGetValue((exportCluster, exportName), out var cached) && cached.Generation == generation)
        {
            return cached.View;
        }

        if (plane.Catalog.FindExport(exportCluster, exportName) is not { } export)
        {
            return null;
        }

        var view = new ExportView(plane, exportCluster, exportName, export);
        _views[(exportCluster, exportName)] = (generation, view);
        return view;
    }

    private static StatusException NotFound(string path) => new(404, "NotFound", $"the server could not find the requested resource ({path})");
}
