using System.Text.Json.Nodes;
using Broker.Controllers.Placement;
using Broker.Controllers.Status;
using Broker.Core.Api.Meta;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// Keeps the router in step with the AcceptAPIs providers publish, tells each provider whether its
/// AcceptAPI is usable (condition Available, what operators look for in <c>kubectl get acceptapis</c>),
/// and re-queues the brokered objects whose routing can change, found through indexes (<see cref="AffectedObjects"/>).
/// </summary>
public sealed partial class AcceptApiReconciler(
    ObjectStore acceptApis,
    AcceptApiRegistry registry,
    ProviderPaths paths,
    IReadOnlyList<BrokeredResource> brokered,
    PlacementRecords placements,
    Action<BrokeredKey> enqueue,
    KcpClient client,
    TimeProvider time,
    ILogger<AcceptApiReconciler> logger) : IReconciler<ObjectKey>
{
    private static readonly GroupVersionResource Resource = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);
    private readonly AffectedObjects _affected = new(brokered, placements);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (acceptApis.TryGet(key, out var cached) && cached is not null)
        {
            await paths.GetAsync(key.Cluster, cancellationToken);
        }

        var (before, after) = registry.Rebuild();
        RequeueAffected(before, after);
        if (cached is null)
        {
            return ReconcileResult.Done; // deleted: the rebuild dropped it
        }

        var compilation = registry.Compilation(key);
        var (available, reason, message) = compilation switch
        {
            null => (false, BrokerConditions.ReasonInvalidSpec, "not compiled yet"),
            { IsValid: false } => (false, BrokerConditions.ReasonInvalidSpec, compilation.Message),
            _ => await ExportProblemAsync(compilation.Compiled!, cancellationToken) is { } problem
                ? (false, problem.Reason, problem.Message)
                : (true, BrokerConditions.ReasonProviderReady, Accepts(compilation.Compiled!)),
        };

        registry.SetAvailable(key, available);
        var obj = cached.ToJsonObject();
        var status = (obj["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        ConditionSet.Upsert(status, BrokerConditions.Available, available, reason, message, time.GetUtcNow(), (long?)obj["metadata"]?["generation"]);
        if (!JsonNode.DeepEquals(status, obj["status"]))
        {
            obj["status"] = status;
            await client.VirtualWorkspace(cached.Endpoint, ClusterPath.Parse(key.Cluster)).UpdateStatusAsync(Resource, obj, cancellationToken);
            Log.Condition(logger, key, available, reason, message);
        }

        // A missing export may appear later; look again without an event to wake us.
        return available || reason is not (BrokerConditions.ReasonExportNotFound or BrokerConditions.ReasonTargetNotServed)
            ? ReconcileResult.Done
            : ReconcileResult.After(TimeSpan.FromSeconds(10));
    }

    private static string Accepts(CompiledAcceptApi acceptApi) =>
        $"accepts {acceptApi.Gvr} through export {acceptApi.ApiExportName}" + (acceptApi.Translation is { } translation ? $", translated to {translation.Target}" : "");

    private async Task<(string Reason, string Message)?> ExportProblemAsync(CompiledAcceptApi acceptApi, CancellationToken cancellationToken)
    {
        var where = acceptApi.Provider.Path ?? acceptApi.Id.ProviderCluster;
        JsonObject export;
        try
        {
            export = await client.Cluster(acceptApi.Id.ProviderCluster).GetAsync(ApiExports, null, acceptApi.ApiExportName, cancellationToken);
        }
        catch (NotFoundException)
        {
            return (BrokerConditions.ReasonExportNotFound, $"APIExport {acceptApi.ApiExportName} does not exist in {where}");
        }

        // A translating provider serves its own resource: the copy made in the staging workspace must be one its export serves.
        if (acceptApi.Translation?.Target is { } target
            && (export["spec"]?["resources"] as JsonArray)?.OfType<JsonObject>().Any(r => (string?)r["name"] == target.Resource && ((string?)r["group"] ?? "") == target.Group) != true)
        {
            var served = (export["spec"]?["resources"] as JsonArray)?.OfType<JsonObject>().Select(r => $"{(string?)r["name"]}.{(string?)r["group"]}").ToList() ?? [];
            return (BrokerConditions.ReasonTargetNotServed,
                $"spec.translation.target: APIExport {acceptApi.ApiExportName} in {where} does not serve {target.Resource}.{target.Group} (it serves {(served.Count == 0 ? "nothing" : string.Join(", ", served))})");
        }

        return null;
    }

    private void RequeueAffected(Router before, Router after)
    {
        foreach (var key in _affected.Of(before, after))
        {
            enqueue(key);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "AcceptAPI {Key}: Available={Available} ({Reason}): {Message}")]
        public static partial void Condition(ILogger logger, ObjectKey key, bool available, string reason, string message);
    }
}
