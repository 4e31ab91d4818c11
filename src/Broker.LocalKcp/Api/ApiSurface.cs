using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Api;

/// <summary>
/// What a request under one URL prefix can reach: a workspace (/clusters/x), the wildcard of a shard
/// (/clusters/*), or an APIExport virtual workspace. Cluster is null for wildcard surfaces.
/// </summary>
public sealed record ApiSurface(ClusterApis Apis, string PathPrefix, Shard Shard, LogicalClusterInfo? Cluster)
{
    public bool IsWildcard => Cluster is null;

    /// <summary>Wildcard namespaced list/watch is refused (the virtual workspace's 400).</summary>
    public bool RequireCrossNamespaceWildcard { get; init; }

    /// <summary>Bound resources must be addressed as resource:identityHash (a shard's /clusters/*).</summary>
    public bool RequireIdentity { get; init; }

    /// <summary>Throws a 403 Status unless the user may make the request (kcp's authorizer chain for this surface); null allows all.</summary>
    public Action<UserInfo, RequestAttributes>? Access { get; init; }

    /// <summary>Throws a Status when the verb is not allowed on the resource (virtual workspace authorizer).</summary>
    public Action<ApiResource, string>? Authorize { get; init; }

    /// <summary>Adjusts a body before create/update (the virtual workspace applies claim matchLabels).</summary>
    public Action<ApiResource, System.Text.Json.Nodes.JsonObject>? PrepareWrite { get; init; }

    /// <summary>Which stored objects a list or watch of the resource may return (null: all).</summary>
    public Func<ApiResource, Func<StoredObject, bool>?>? Visibility { get; init; }
}
