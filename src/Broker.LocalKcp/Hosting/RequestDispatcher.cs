using System.Text.Json;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Faults;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.VirtualWorkspaces;
using Broker.LocalKcp.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// The terminal middleware: splits the URL into shard, surface (/clusters/x, /services/apiexport/...)
/// and the Kubernetes path below it, and turns refusals into Status responses.
/// </summary>
public sealed partial class RequestDispatcher(
    ControlPlane plane, ApiRequestHandler api, FaultsEndpoint faults, VirtualWorkspaceRouter virtualWorkspaces, HomeWorkspaces homes, Impersonation impersonation, ILogger logger)
{
    /// <summary>Kestrel's own cap, a little above <see cref="RequestBody.MaxBytes"/> (which answers kube-apiserver's 413 first).</summary>
    public const long MaxRequestBodyBytes = RequestBody.MaxBytes + 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (StatusException e) when (!context.Response.HasStarted)
        {
            if (e.Code == 403)
            {
                // As kube-apiserver's RBAC denial log: who was refused what, for operators granting least privilege.
                Refused(logger, context.Features.Get<UserInfo>()?.Name ?? "", context.Request.Method, context.Request.Path.Value ?? "", e.Message);
            }

            await ResponseWriter.WriteStatusAsync(context, e);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's limits, above all the body size.
            await ResponseWriter.WriteStatusAsync(context, e.StatusCode == 413
                ? new StatusException(413, "RequestEntityTooLarge", $"Request entity too large: limit is {RequestBody.MaxBytes}")
                : StatusException.BadRequest(e.Message));
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await ResponseWriter.WriteStatusAsync(context, StatusException.BadRequest(e.Message));
        }
        catch (InvalidOperationException e) when (!context.Response.HasStarted)
        {
            // Mostly a JSON value of an unexpected type in a request body.
            await ResponseWriter.WriteStatusAsync(context, StatusException.BadRequest(e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        switch (path)
        {
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case FaultsEndpoint.Path:
                await HandleFaultsAsync(context, path);
                return;
        }

        var shard = plane.Shards[0];
        if (path.StartsWith("/shards/", StringComparison.Ordinal))
        {
            var (name, tail) = SplitSegment(path["/shards/".Length..]);
            shard = plane.Shards.FirstOrDefault(s => s.Name == name)
                ?? throw new StatusException(404, "NotFound", $"shard \"{name}\" not found");
            path = tail;
        }

        if (path.StartsWith("/services/apiexport/", StringComparison.Ordinal))
        {
            impersonation.Apply(context, null);
            await virtualWorkspaces.HandleAsync(context, shard, path);
            return;
        }

        if (path.StartsWith("/clusters/", StringComparison.Ordinal))
        {
            await DispatchClusterAsync(context, shard, path["/clusters/".Length..]);
            return;
        }

        // Without /clusters/ the request goes to root, as on a single kcp shard.
        impersonation.Apply(context, plane.Root);
        await api.HandleAsync(context, new ApiSurface(plane.Catalog.ForCluster(plane.Root), shard.PathPrefix, plane.Root.Shard, plane.Root) { Access = Gate(plane.Root) }, path);
    }

    /// <summary>/clusters/&lt;name|path|*&gt;/...: a workspace (or the home workspace lookup in root), or the shard's wildcard.</summary>
    private async Task DispatchClusterAsync(HttpContext context, Shard shard, string clusterPath)
    {
        var (target, rest) = SplitSegment(clusterPath);
        var prefix = $"{shard.PathPrefix}/clusters/{target}";
        if (target == "*")
        {
            impersonation.Apply(context, null);
            await api.HandleAsync(context, new ApiSurface(plane.Catalog.Wildcard(), prefix, shard, null) { RequireIdentity = true, Access = Gate(null) }, rest);
            return;
        }

        var cluster = plane.Clusters.Resolve(target);
        if (cluster.Shard != shard && shard.Index != 0)
        {
            // Talking to a shard directly about a cluster it does not host (kcp answers like this).
            throw new StatusException(429, "TooManyRequests", "Not found on this shard") { RetryAfterSeconds = 1 };
        }

        impersonation.Apply(context, cluster);
        if (cluster == plane.Root && rest == HomeWorkspaces.Path && HttpMethods.IsGet(context.Request.Method))
        {
            await ResponseWriter.WriteJsonAsync(context, 200, homes.Get(context.Features.Get<UserInfo>()!));
            return;
        }

        await api.HandleAsync(context, new ApiSurface(plane.Catalog.ForCluster(cluster), prefix, cluster.Shard, cluster) { Access = Gate(cluster) }, rest);
    }

    private Task HandleFaultsAsync(HttpContext context, string path)
    {
        var user = context.Features.Get<UserInfo>()!;
        if (!user.IsMaster)
        {
            // Injecting faults disturbs everyone: a shard-level switch, so system:masters only.
            throw Forbidden.For(user, RequestAttributes.ForPath(RequestAttributes.PathVerb(context.Request.Method), path), "access denied");
        }

        return faults.HandleAsync(context);
    }

    private Action<UserInfo, RequestAttributes> Gate(LogicalClusterInfo? cluster) => (user, request) => plane.Authorizer.Check(user, cluster, request);

    [LoggerMessage(LogLevel.Information, "Forbidden: {User} {Method} {Path}: {Message}")]
    private static partial void Refused(ILogger logger, string user, string method, string path, string message);

    private static (string Segment, string Remainder) SplitSegment(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (value, "/") : (value[..slash], value[slash..]);
    }
}
