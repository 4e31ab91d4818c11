using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Placement;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Controllers;
using Microsoft.Extensions.Logging;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Staging;

/// <summary>
/// Prepares one staging workspace a step per pass, for the Placements that name it: the Workspace under the staging root,
/// then an APIBinding to the provider's export with its permission claims accepted, then ready. Every step starts from what
/// kcp holds (restart safety). The Workspace is watched (becoming Ready or deleted queues the name again); the binding, in
/// the new workspace, is looked at again after a short, growing pause. A workspace no Placement names is left alone: the
/// placement controller deletes the ones it no longer uses.
/// </summary>
public sealed partial class StagingWorkspaceReconciler(
    StagingWorkspaces staging, PlacementRecords placements, KcpClient client, ILogger<StagingWorkspaceReconciler> logger) : IReconciler<string>
{
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);

    private const string NotWanted = "no longer wanted";

    // What the watch reports needs no poll; this one only covers a watch that is down (it retries and relists meanwhile).
    private static readonly TimeSpan WatchedPoll = TimeSpan.FromSeconds(5);

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        staging.ForgetIfGone(name);
        if (staging.IsReady(name, out _))
        {
            return ReconcileResult.Done;
        }

        // The Placements that name it, or the pass that asked for it first (its Placement may not be in the cache yet).
        var users = placements.UsingStaging(name).ToList();
        var demand = staging.Demand(name);
        if ((users.Select(p => ReferenceTo(p, name)).OfType<ProviderReference>().FirstOrDefault() ?? demand?.Provider) is not { } provider)
        {
            staging.StopPreparing(name);
            return ReconcileResult.Done;
        }

        var preparation = staging.Preparation(name);
        try
        {
            var (ready, state, waitsForWorkspace) = await StepAsync(name, [.. users.Select(u => u.Metadata.Name!), .. demand is null ? [] : new[] { demand.PlacementName }], provider, cancellationToken);
            (preparation.Problem, preparation.Refused) = (null, false);
            if (state == NotWanted)
            {
                staging.StopPreparing(name); // the cache, or the asking pass, was behind; a new Placement queues it again
                return ReconcileResult.Done;
            }

            if (ready is not null)
            {
                staging.MarkReady(ready, provider);
                return ReconcileResult.Done;
            }

            return ReconcileResult.After(waitsForWorkspace && staging.HasSynced ? WatchedPoll : preparation.Poll.After(state));
        }
        catch (ForbiddenException e)
        {
            // Told to the waiting objects (Placed=False, Forbidden); the controller logs it once, counts it
            // (resource_broker_forbidden_*) and tries again within 30 s until it is granted.
            (preparation.Problem, preparation.Refused) = (e.Refusal?.ToString() ?? e.Message, true);
            throw;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            (preparation.Problem, preparation.Refused) = (e.Message, false);
            Log.PreparationFailed(logger, staging.PathOf(name), e.Message);
            return ReconcileResult.After(preparation.Poll.After(e.Message));
        }
    }

    /// <summary>
    /// One step toward a ready workspace: the ready workspace, or null and the state reached, to be waited on; whether
    /// that state waits for the workspace (which its watch reports) or for the binding (which is looked at again).
    /// </summary>
    private async Task<(StagingWorkspace? Ready, string State, bool WaitsForWorkspace)> StepAsync(
        string name, IReadOnlyList<string> users, ProviderReference provider, CancellationToken cancellationToken)
    {
        var workspace = await staging.ReadAsync(name, cancellationToken);
        if (workspace is null)
        {
            if (!await StillWantedAsync(name, users, cancellationToken))
            {
                return (null, NotWanted, false);
            }

            workspace = await CreateWorkspaceAsync(name, provider, cancellationToken);
            if (workspace is null)
            {
                return (null, "workspace created", true);
            }
        }

        var phase = (string?)workspace["status"]?["phase"];
        if (workspace["metadata"]?["deletionTimestamp"] is not null)
        {
            return (null, "workspace deleting", true);
        }

        if (phase != "Ready" || (string?)workspace["spec"]?["cluster"] is not { Length: > 0 } cluster)
        {
            return (null, $"workspace {phase}", true);
        }

        // Addressed by its logical cluster: a workspace removed and created again under the same path is another one, and a
        // write names the cluster its watch events will carry (so its echo is told apart from namesakes elsewhere).
        // Kept for as long as the workspace is in use, beside the same names in the caches: one instance of each.
        var ready = new StagingWorkspace(client.Names.Intern(name), staging.RootPath, client.Names.Intern(cluster), client);
        var binding = await EnsureBindingAsync(ready, provider, cancellationToken);
        return binding == "Bound" ? (ready, "", false) : (null, $"binding {binding}", false);
    }

    /// <summary>
    /// Whether a Placement on the server (one the cache or the asking pass names) still names the workspace. Read before creating one, the only step that could
    /// bring back a workspace the placement controller has just deleted while the cache still shows the record that used it.
    /// </summary>
    private async Task<bool> StillWantedAsync(string name, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        foreach (var user in users.Distinct(StringComparer.Ordinal))
        {
            if (await placements.GetOrNullAsync(user, cancellationToken) is { } current && ReferenceTo(current, name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates the workspace: null when this call did, else the one that was there (read from the server: the
    /// cache had not shown it yet, or it lacks our label and never will).</summary>
    private async Task<JsonObject?> CreateWorkspaceAsync(string name, ProviderReference provider, CancellationToken cancellationToken)
    {
        var root = client.Cluster(staging.Root);
        try
        {
            await root.CreateAsync(Workspace.Resource, null, new JsonObject
            {
                ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
                ["kind"] = "Workspace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject
                    {
                        [BrokerNames.StagingLabel] = "true",
                        [BrokerNames.ProviderLabel] = BrokerNames.Hash(provider.Cluster),
                    },
                },
            }, cancellationToken);
            Log.Creating(logger, staging.PathOf(name));
            return null;
        }
        catch (AlreadyExistsException)
        {
            return await root.GetOrNullAsync(Workspace.Resource, null, name, cancellationToken);
        }
    }

    /// <summary>The phase of the binding to the provider's export ("created" when this call made it).</summary>
    private async Task<string> EnsureBindingAsync(StagingWorkspace workspace, ProviderReference provider, CancellationToken cancellationToken)
    {
        JsonObject binding;
        try
        {
            binding = await workspace.Client.GetAsync(ApiBinding.Resource, null, provider.ApiExportName, cancellationToken);
        }
        catch (NotFoundException)
        {
            var export = await client.Cluster(provider.Cluster).GetAsync(ApiExports, null, provider.ApiExportName, cancellationToken);
            var claims = new JsonArray();
            foreach (var claim in (export["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>())
            {
                claims.Add(new JsonObject
                {
                    ["group"] = claim["group"]?.DeepClone() ?? "",
                    ["resource"] = claim["resource"]?.DeepClone(),
                    ["identityHash"] = claim["identityHash"]?.DeepClone() ?? "",
                    ["verbs"] = claim["verbs"]?.DeepClone() ?? new JsonArray("*"),
                    ["selector"] = new JsonObject { ["matchAll"] = true },
                    ["state"] = "Accepted",
                });
            }

            await workspace.Client.CreateAsync(ApiBinding.Resource, null, new JsonObject
            {
                ["apiVersion"] = "apis.kcp.io/v1alpha2",
                ["kind"] = "APIBinding",
                ["metadata"] = new JsonObject { ["name"] = provider.ApiExportName },
                ["spec"] = new JsonObject
                {
                    // A logical cluster name is a valid export path (kcp-api.md fact 14) and never changes.
                    ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = provider.Cluster, ["name"] = provider.ApiExportName } },
                    ["permissionClaims"] = claims,
                },
            }, cancellationToken);
            return "created";
        }

        return (string?)binding["status"]?["phase"] ?? "";
    }

    /// <summary>The reference of <paramref name="placement"/> whose copy lives in staging workspace <paramref name="name"/>; null when none.</summary>
    private static ProviderReference? ReferenceTo(PlacementRecord placement, string name) =>
        new[] { placement.Spec.Provider, placement.Spec.Target, placement.Spec.Previous }.OfType<ProviderReference>()
            .FirstOrDefault(p => BrokerNames.StagingWorkspace(placement.Spec.Consumer.Cluster, p.Cluster, p.ApiExportName) == name);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Creating staging workspace {Path}")]
        public static partial void Creating(ILogger logger, string path);

        [LoggerMessage(LogLevel.Warning, "Preparing staging workspace {Path}: {Problem}; retrying")]
        public static partial void PreparationFailed(ILogger logger, string path, string problem);
    }
}
