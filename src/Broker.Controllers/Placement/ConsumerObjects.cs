using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Placement;

/// <summary>
/// The consumers' brokered objects as the broker sees them: from each resource's cache, written through the virtual
/// workspace endpoint that serves the object's cluster, with the Secrets the broker copied to them.
/// </summary>
public sealed partial class ConsumerObjects(IReadOnlyDictionary<GroupVersionResource, BrokeredResource> resources, KcpClient client, ILogger<ConsumerObjects> logger)
{
    public BrokeredResource Resource(BrokeredKey key) => resources[key.Resource];

    /// <summary>The object from its cache, with a client of the endpoint it came through; both null when it is not cached.</summary>
    public (JsonObject? Object, ClusterClient? Client) Read(BrokeredKey key)
    {
        var cached = resources[key.Resource].Informer.Store.TryGet(key.Object, out var found) ? found : null;
        return cached is null ? (null, null) : (cached.ToJsonObject(), client.VirtualWorkspace(cached.Endpoint, ClusterPath.Parse(key.Object.Cluster)));
    }

    /// <summary>True when an endpoint that serves the consumer's cluster says the object does not exist (the cache may be behind).</summary>
    public async Task<bool> ConfirmedGoneAsync(BrokeredKey key, CancellationToken cancellationToken)
    {
        foreach (var endpoint in resources[key.Resource].Informer.Endpoints)
        {
            try
            {
                await client.VirtualWorkspace(endpoint, ClusterPath.Parse(key.Object.Cluster)).GetAsync(key.Resource, key.Object.Namespace, key.Object.Name, cancellationToken);
                return false; // still there: the cache is behind
            }
            catch (NotFoundException)
            {
                return true;
            }
            catch (ForbiddenException)
            {
                // This endpoint does not serve that cluster (not bound there, or another shard).
            }
        }

        Log.Unreachable(logger, key);
        return false;
    }

    /// <summary>The consumer's side of the related-object sync: its Secrets, read from the cache of those the broker copied.</summary>
    public RelatedView RelatedView(BrokeredKey key, ClusterClient consumerClient) =>
        new(consumerClient, resources[key.Resource].Owned?.For(key.Object.Cluster) ?? StoreRelatedCache.None);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "{Key} is not in the cache and no endpoint serves its cluster; its copies are kept until it can be confirmed gone")]
        public static partial void Unreachable(ILogger logger, BrokeredKey key);
    }
}
