using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Sources;

/// <summary>
/// The Secrets the broker copied into consumer workspaces, watched through one brokered export by the owner
/// label: the related-object sync reads them from here instead of the server, and a copy someone changed or
/// deleted wakes its consumer object (controller-runtime's Owns). Kept digested: metadata and a digest of the data.
/// </summary>
public sealed class OwnedSecrets(KcpClient client, ClusterPath platform, string exportName, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    // Digested (RelatedContent): the sync needs a copy's data only to see it is current.
    private readonly ExportInformer _informer = new(
        client, platform, exportName, new ObjectStore(Resource, RelatedContent.Digested, CacheIndex.ByLabel(BrokerNames.OwnerLabel)), time, loggers,
        new InformerOptions { LabelSelector = BrokerNames.OwnerLabel });

    public static GroupVersionResource Resource => CoreResources.Secrets;

    public string ExportName => exportName;

    public IObservable<CacheChange> Changes => _informer.Store.Changes;

    /// <summary>The view of one consumer cluster; it answers only once the informer has synced.</summary>
    public IRelatedCache For(string cluster) => new StoreRelatedCache(Resource, _informer.Store, () => _informer.HasSynced, cluster);

    public void Start() => _informer.Start();

    public ValueTask DisposeAsync() => _informer.DisposeAsync();

    /// <summary>The owner a Secret names (apiVersion, kind, name), in the Secret's cluster and namespace.</summary>
    public static (string ApiVersion, string Kind, ObjectKey Key)? OwnerOf(CacheChange change)
    {
        if ((change.New ?? change.Old)?.ToJsonObject() is not { } secret
            || (secret["metadata"]?["ownerReferences"] as JsonArray)?.FirstOrDefault() is not JsonObject owner
            || (string?)owner["apiVersion"] is not { } apiVersion || (string?)owner["kind"] is not { } kind || (string?)owner["name"] is not { } name)
        {
            return null;
        }

        return (apiVersion, kind, new ObjectKey(change.Key.Cluster, change.Key.Namespace, name));
    }
}
