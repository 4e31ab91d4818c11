using System.Text.Json.Nodes;
using Broker.Controllers.Staging;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Migrations;

/// <summary>
/// The two provider copies of a move, as their providers see them (status included), read from the staging watches the
/// placement controller keeps (from the server until they have listed). The Migration controller only reads them: the
/// placement controller creates, updates and deletes copies.
/// </summary>
public sealed class MoveCopies(StagingWorkspaces staging, StagingWatches watches)
{
    /// <summary>The copy on <paramref name="provider"/> with the client of its staging workspace; both null while that workspace is not ready.</summary>
    public async Task<(JsonObject? Copy, ClusterClient? Workspace)> ReadAsync(PlacementRecord placement, ProviderReference provider, CancellationToken cancellationToken)
    {
        var consumer = placement.Spec.Consumer;
        var resource = new GroupVersionResource(consumer.Gvr.Group, consumer.Gvr.Version, consumer.Gvr.Resource, consumer.Namespace is not null);
        if (staging.TryGet(consumer.Cluster, provider, whenReady: static () => { }) is not { } workspace)
        {
            return (null, null);
        }

        return (await watches.ReadCopyAsync(workspace, resource, consumer.Namespace ?? "", consumer.Name, cancellationToken), workspace.Client);
    }
}
