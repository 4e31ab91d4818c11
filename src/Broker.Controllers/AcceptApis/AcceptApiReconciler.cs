using System.Runtime.ExceptionServices;
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
        var check = compilation switch
        {
            null => new ExportCheck(false, BrokerConditions.ReasonInvalidSpec, "not compiled yet"),
            { IsValid: false } => new ExportCheck(false, BrokerConditions.ReasonInvalidSpec, compilation.Message),
            _ => await CheckExportAsync(compilation.Compiled!, cancellationToken),
        };

        registry.SetAvailable(key, check.Available is true); // the gauge: 1 only while True

        var obj = cached.ToJsonObject();
        var status = (obj["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        ConditionSet.Upsert(status, BrokerConditions.Available, check.Available, check.Reason, check.Message, time.GetUtcNow(), (long?)obj["metadata"]?["generation"]);
        if (!JsonNode.DeepEquals(status, obj["status"]))
        {
            obj["status"] = status;
            await client.VirtualWorkspace(cached.Endpoint, ClusterPath.Parse(key.Cluster)).UpdateStatusAsync(Resource, obj, cancellationToken);
            Log.Condition(logger, key, check.Available?.ToString() ?? "Unknown", check.Reason, check.Message);
        }

        if (check.Refused is { } refused)
        {
            ExceptionDispatchInfo.Throw(refused); // said on the AcceptAPI; the controller counts it and retries until it is granted
        }

        // A missing export may appear later; look again without an event to wake us.
        return check.Available is true || check.Reason is not (BrokerConditions.ReasonExportNotFound or BrokerConditions.ReasonTargetNotServed)
            ? ReconcileResult.Done
            : ReconcileResult.After(TimeSpan.FromSeconds(10));
    }

    private static string Accepts(CompiledAcceptApi acceptApi) =>
        $"accepts {acceptApi.Gvr} through export {acceptApi.ApiExportName}" + (acceptApi.Translation is { } translation ? $", translated to {translation.Target}" : "");

    /// <summary>The AcceptAPI's Available condition from its export: True, False with what is wrong, or Unknown when the
    /// provider has not granted the broker to read its export (broker-provider.yaml grants get on it).</summary>
    private async Task<ExportCheck> CheckExportAsync(CompiledAcceptApi acceptApi, CancellationToken cancellationToken)
    {
        var where = acceptApi.Provider.Path ?? acceptApi.Id.ProviderCluster;
        JsonObject export;
        try
        {
            export = await client.Cluster(acceptApi.Id.ProviderCluster).GetAsync(ApiExports, null, acceptApi.ApiExportName, cancellationToken);
        }
        catch (NotFoundException)
        {
            return new(false, BrokerConditions.ReasonExportNotFound, $"APIExport {acceptApi.ApiExportName} does not exist in {where}");
        }
        catch (ForbiddenException e) when (e.Refusal is { } refusal)
        {
            return new(null, BrokerConditions.ReasonForbidden, $"cannot check APIExport {acceptApi.ApiExportName}: {refusal with { Workspace = where }}", e);
        }

        // A translating provider serves its own resource: the copy made in the staging workspace must be one its export serves.
        if (acceptApi.Translation?.Target is { } target
            && (export["spec"]?["resources"] as JsonArray)?.OfType<JsonObject>().Any(r => (string?)r["name"] == target.Resource && ((string?)r["group"] ?? "") == target.Group) != true)
        {
            var served = (export["spec"]?["resources"] as JsonArray)?.OfType<JsonObject>().Select(r => $"{(string?)r["name"]}.{(string?)r["group"]}").ToList() ?? [];
            return new(false, BrokerConditions.ReasonTargetNotServed,
                $"spec.translation.target: APIExport {acceptApi.ApiExportName} in {where} does not serve {target.Resource}.{target.Group} (it serves {(served.Count == 0 ? "nothing" : string.Join(", ", served))})");
        }

        return new(true, BrokerConditions.ReasonProviderReady, Accepts(acceptApi));
    }

    private void RequeueAffected(Router before, Router after)
    {
        foreach (var key in _affected.Of(before, after))
        {
            enqueue(key);
        }
    }

    /// <summary>An AcceptAPI's Available condition (null: Unknown) and, when kcp refused the check, the refusal.</summary>
    private sealed record ExportCheck(bool? Available, string Reason, string Message, ForbiddenException? Refused = null);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "AcceptAPI {Key}: Available={Available} ({Reason}): {Message}")]
        public static partial void Condition(ILogger logger, ObjectKey key, string available, string reason, string message);
    }
}
