using Broker.LocalKcp.Api;
using Broker.LocalKcp.Hosting;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.VirtualWorkspaces;

/// <summary>Serves /services/apiexport/&lt;export cluster&gt;/&lt;export&gt;/clusters/&lt;cluster|*&gt;/...</summary>
public sealed class VirtualWorkspaceRouter(ControlPlane plane, ApiRequestHandler api)
{
    public Task HandleAsync(HttpContext context, Shard shard, string path)
    {
        _ = plane;
        _ = api;
        _ = shard;
        throw new StatusException(404, "NotFound", $"virtual workspace path not found: {path}");
    }
}
