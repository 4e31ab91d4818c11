using System.Text.Json.Nodes;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Naming;
using Broker.Controllers.Placement;
using Broker.Controllers.Related;
using Broker.Controllers.Translations;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Staging;

/// <summary>
/// Where each brokered object's copies live and how to reach them: a copy sits in the staging workspace of its
/// (consumer, provider export) pair, under the consumer object's namespace and name, and is read from that workspace's
/// watch (from the server until the watch has listed). The placement controller makes, updates and deletes copies
/// through it; the Migration controller only reads them. When the provider's AcceptAPI translates, the copy is of the
/// provider's own kind (recorded in the Placement as translatedTo), written as <c>toProvider</c> renders the consumer
/// object, and the placement controller sees it with its status mapped back by <c>fromProvider</c>.
/// </summary>
public sealed class CopyStore(StagingWorkspaces staging, StagingWatches watches, ProviderPaths paths, KcpClient client, AcceptApiRegistry acceptApis)
{
    /// <summary>
    /// The copy on <paramref name="provider"/>, created or brought up to date (<paramref name="syncSpec"/> false only reads
    /// an existing one); null while its staging workspace is not ready (its readiness queues the object again). Created is
    /// true when this call made the copy.
    /// </summary>
    public async Task<(JsonObject? Copy, bool Created)> EnsureAsync(
        BrokeredKey key, JsonObject consumer, ProviderReference provider, bool syncSpec, CancellationToken cancellationToken)
    {
        var placementName = BrokerNames.Placement(key.Object.Cluster, key.Resource, key.Object.Namespace, key.Object.Name);
        if (staging.TryGet(key.Object.Cluster, provider, placementName) is not { } workspace)
        {
            return (null, false);
        }

        var resource = TranslatedCopies.Resource(key.Resource, provider);
        var translation = Translation(provider);
        await watches.EnsureAsync(workspace, provider, key.Object.Cluster, key.Resource, provider.TranslatedTo is null ? null : resource, cancellationToken);
        await staging.EnsureNamespaceAsync(workspace, key.Object.Namespace, cancellationToken);
        var existing = await watches.ReadCopyAsync(workspace, resource, key.Object.Namespace, key.Object.Name, cancellationToken);
        if (!syncSpec && existing is not null)
        {
            return (TranslatedCopies.AsConsumerSees(existing, provider, translation), false);
        }

        var desired = TranslatedCopies.Desired(consumer, provider, translation);
        var copy = await ProviderCopies.SyncAsync(workspace.Client, resource, desired, existing, cancellationToken);
        return (TranslatedCopies.AsConsumerSees(copy, provider, translation), existing is null);
    }

    /// <summary>The copy on <paramref name="provider"/> without making it (as the consumer sees it: translated back); null while
    /// absent or its workspace is not ready.</summary>
    public async Task<JsonObject?> ReadAsync(BrokeredKey key, ProviderReference provider, CancellationToken cancellationToken) =>
        staging.TryGet(key.Object.Cluster, provider) is { } workspace
            ? TranslatedCopies.AsConsumerSees(
                await watches.ReadCopyAsync(workspace, TranslatedCopies.Resource(key.Resource, provider), key.Object.Namespace, key.Object.Name, cancellationToken),
                provider,
                Translation(provider))
            : null;

    /// <summary>The copy of the Placement's object on <paramref name="provider"/> as the provider sees it (its own kind and
    /// status: a Migration's <c>from</c> and <c>to</c>), with the client of its staging workspace; both null while that
    /// workspace is not ready.</summary>
    public async Task<(JsonObject? Copy, ClusterClient? Workspace)> ReadAsync(PlacementRecord placement, ProviderReference provider, CancellationToken cancellationToken)
    {
        var key = KeyOf(placement);
        if (staging.TryGet(key.Object.Cluster, provider) is not { } workspace)
        {
            return (null, null);
        }

        return (await watches.ReadCopyAsync(workspace, TranslatedCopies.Resource(key.Resource, provider), key.Object.Namespace, key.Object.Name, cancellationToken), workspace.Client);
    }

    /// <summary>A copy read as the provider sees it (<see cref="ReadAsync(PlacementRecord, ProviderReference, CancellationToken)"/>)
    /// as the consumer sees it: translated back when <paramref name="provider"/>'s AcceptAPI translates, so readiness and
    /// related objects are judged as the consumer's status would show them. A <c>fromProvider</c> that fails on the copy
    /// shows no status (not ready): the placement controller reports why on the object.</summary>
    public JsonObject? AsConsumerSees(JsonObject? copy, ProviderReference provider)
    {
        try
        {
            return TranslatedCopies.AsConsumerSees(copy, provider, Translation(provider));
        }
        catch (TranslationException)
        {
            return TranslatedCopies.AsConsumerSees(copy, provider, null);
        }
    }

    /// <summary>
    /// Deletes the copy on <paramref name="provider"/>; true once it is gone (the provider's own finalizers may hold it a
    /// while). A copy its watch already shows as being deleted is not asked again: its removal's event wakes the object.
    /// </summary>
    public async Task<bool> DeleteAsync(BrokeredKey key, ProviderReference provider, CancellationToken cancellationToken)
    {
        if (staging.TryGet(key.Object.Cluster, provider) is { } workspace
            && watches.Copy(workspace, TranslatedCopies.Resource(key.Resource, provider), key.Object.Namespace, key.Object.Name, out _)?["metadata"]?["deletionTimestamp"] is not null)
        {
            return false;
        }

        try
        {
            return await client.Cluster(PathOf(key.Object.Cluster, provider)).DeleteAsync(TranslatedCopies.Resource(key.Resource, provider), key.Object.Namespace, key.Object.Name, null, cancellationToken) is null;
        }
        catch (NotFoundException)
        {
            return true; // the copy, or its whole workspace, is gone
        }
    }

    /// <summary>The staging workspace's side of the related-object sync (its Secrets); null while the workspace is not ready.</summary>
    public RelatedView? StagingView(BrokeredKey key, ProviderReference provider) =>
        staging.TryGet(key.Object.Cluster, provider) is { } workspace
            ? new RelatedView(workspace.Client, watches.Secrets(workspace, TranslatedCopies.Resource(key.Resource, provider)))
            : null;

    /// <summary>How long the pair's staging workspace has been prepared, and its last problem; null when none is being prepared.</summary>
    public StagingPreparation? Preparing(string consumerCluster, ProviderReference provider) => staging.Preparing(consumerCluster, provider);

    /// <summary>Stops watching and deletes the staging workspace of (consumer, provider export): no copy of that pair is wanted any more.</summary>
    public async Task DeleteStagingAsync(string consumerCluster, ProviderReference provider, CancellationToken cancellationToken)
    {
        var name = BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName);
        await watches.StopAsync(name);
        await staging.DeleteAsync(name, cancellationToken);
    }

    /// <summary>The Placement's reference to the provider the router chose for an object of <paramref name="consumerCluster"/>.</summary>
    public async Task<ProviderReference> ReferenceAsync(CompiledAcceptApi chosen, string consumerCluster, CancellationToken cancellationToken) => new()
    {
        Cluster = chosen.Id.ProviderCluster,
        Path = chosen.Provider.Path ?? await paths.GetAsync(chosen.Id.ProviderCluster, cancellationToken),
        AcceptApi = AcceptApiName(chosen.Id),
        ApiExportName = chosen.ApiExportName,
        StagingWorkspace = staging.PathOf(BrokerNames.StagingWorkspace(consumerCluster, chosen.Id.ProviderCluster, chosen.ApiExportName)),
        TranslatedTo = chosen.Translation?.Target,
    };

    /// <summary>An AcceptAPI's name as a Placement records it (and conditions print it: namespace/name).</summary>
    public static NamespacedName AcceptApiName(AcceptApiId id) => new() { Namespace = id.Namespace.Length == 0 ? null : id.Namespace, Name = id.Name };

    private ICompiledTranslation? Translation(ProviderReference provider) => provider.TranslatedTo is null ? null : acceptApis.Translation(provider);

    private string PathOf(string consumerCluster, ProviderReference provider) =>
        staging.PathOf(BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName));

    private static BrokeredKey KeyOf(PlacementRecord placement)
    {
        var consumer = placement.Spec.Consumer;
        var resource = new GroupVersionResource(consumer.Gvr.Group, consumer.Gvr.Version, consumer.Gvr.Resource, consumer.Namespace is not null);
        return new BrokeredKey(resource, new ObjectKey(consumer.Cluster, consumer.Namespace ?? "", consumer.Name));
    }
}
