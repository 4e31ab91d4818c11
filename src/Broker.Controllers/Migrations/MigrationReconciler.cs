using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Migrations.Configuration;
using Broker.Controllers.Migrations.Stages;
using Broker.Controllers.Placement;
using Broker.Controllers.Staging;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Microsoft.Extensions.Logging;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Migrations;

/// <summary>
/// Drives one Migration a step per pass (level-triggered, all state in the record): a move without stages goes to
/// CutoverInProgress once the new copy is ready; a staged move runs its configuration's stages in order (preconditions,
/// templates in the stage target, success conditions), then goes to CutoverInProgress. The placement controller cuts over
/// and marks it CutoverCompleted, or rolls back a Failed one. Finished Migrations are deleted after the retention.
/// </summary>
public sealed partial class MigrationReconciler(
    PlatformRecords records,
    CopyStore copies,
    StageObjects stageObjects,
    BrokerOptions options,
    MigrationMetrics metrics,
    TimeProvider time,
    ILogger<MigrationReconciler> logger) : IReconciler<ObjectKey>
{
    // Stage objects are watched (StageWatches) and the copies' changes queue the migration too: this look only covers a
    // watch that is down. A stage's timeout and the cutover timeout wake it sooner when due.
    private static readonly TimeSpan StagePoll = TimeSpan.FromSeconds(10);

    // Its event usually follows within milliseconds; the retry only covers a lost event.
    private static readonly TimeSpan StaleCacheRetry = TimeSpan.FromMilliseconds(200);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (records.Migrations.Find(key.Name) is not { } migration)
        {
            return ReconcileResult.Done;
        }

        if (!records.Migrations.IsCurrent(migration))
        {
            return ReconcileResult.After(StaleCacheRetry); // this controller's own write is not in the cache yet
        }

        if (MigrationStates.IsFinished(migration.Status?.State))
        {
            return await RetireAsync(migration, cancellationToken);
        }

        if (migration.Metadata.Label(MigrationRecords.PlacementLabel) is not { Length: > 0 } placementName)
        {
            // Recorded by an earlier broker, which named no Placement: the placement controller records the move anew.
            return await FailAsync(migration, null, MigrationConditions.ReasonSuperseded, "recorded without its Placement (by an earlier broker version); the move goes on under a new Migration", cancellationToken);
        }

        var placement = records.Placements.Find(placementName);
        if (placement?.Spec.Provider is { } provider && await IsNewCopyAsync(placement, provider, migration.Spec, cancellationToken))
        {
            return await CompleteAsync(migration, cancellationToken); // the placement controller cut over
        }

        if (placement?.Spec.Target is not { } target || MigrationRecords.NameOf(placement) != migration.Metadata.Name)
        {
            // The Placement cache may not show the move yet (this record is written after it): only the server's word ends it.
            placement = await records.Placements.GetOrNullAsync(placementName, cancellationToken);
            if (placement?.Spec.Target is not { } current || MigrationRecords.NameOf(placement) != migration.Metadata.Name)
            {
                return await FailAsync(migration, null, MigrationConditions.ReasonSuperseded, $"the object no longer moves to {migration.Spec.To.Provider}", cancellationToken);
            }

            target = current;
        }

        var (from, _) = await copies.ReadAsync(placement, placement.Spec.Provider!, cancellationToken);
        var (to, _) = await copies.ReadAsync(placement, target, cancellationToken);
        var waited = time.GetUtcNow() - (MetaTime.ToOffset(migration.Metadata.CreationTimestamp) ?? time.GetUtcNow());
        if (waited > options.CutoverTimeout)
        {
            return await FailAsync(migration, null, MigrationConditions.ReasonCutoverTimedOut, ProviderCopies.IsReady(copies.AsConsumerSees(to, target))
                ? $"the move did not complete within {options.CutoverTimeout}" + Waiting(migration)
                : $"its copy did not become ready within {options.CutoverTimeout}", cancellationToken);
        }

        var remaining = options.CutoverTimeout - waited;
        return migration.Status?.State == MigrationStates.CutoverInProgress
            ? ReconcileResult.After(remaining) // the placement controller cuts over once the new copy is ready
            : await ProceedAsync(migration, placement, from, to, remaining, cancellationToken);
    }

    /// <summary>Before the cutover: a move without stages waits for the new copy; a staged one runs its current stage.</summary>
    private async Task<ReconcileResult> ProceedAsync(
        Migration migration, PlacementRecord placement, JsonObject? from, JsonObject? to, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var found = options.EnableMigration ? records.Configurations.Find(migration.Spec.From.Gvk, migration.Spec.To.Gvk) : null;
        if (migration.Status?.Configuration is { } recorded && found?.Configuration.Metadata.Name != recorded)
        {
            return await FailAsync(migration, null, MigrationConditions.ReasonInvalidConfiguration, options.EnableMigration
                ? $"MigrationConfiguration {recorded}, whose stages this move runs, was deleted or no longer covers the move"
                : $"the move runs the stages of MigrationConfiguration {recorded}, but staged migrations are disabled (--enable-migration=false, ENABLE_MIGRATION)", cancellationToken);
        }

        if (found is null || found.Configuration.Spec.Stages is not { Count: > 0 })
        {
            return ProviderCopies.IsReady(copies.AsConsumerSees(to, placement.Spec.Target!))
                ? await ToCutoverAsync(migration, found is null ? "no MigrationConfiguration covers the move: it has no stages" : $"MigrationConfiguration {found.Configuration.Metadata.Name} has no stages", cancellationToken)
                : ReconcileResult.After(remaining); // the new copy's status changes wake this migration
        }

        if (from is null || to is null)
        {
            return ReconcileResult.After(Min(StagePoll, remaining)); // stages see both copies: the placement controller is still making the new one
        }

        if (found.Compilation.Compiled is not { } compiled)
        {
            return await FailAsync(migration, null, MigrationConditions.ReasonInvalidConfiguration,
                $"MigrationConfiguration {found.Configuration.Metadata.Name} is invalid: {found.Compilation.Message}", cancellationToken);
        }

        return await RunStageAsync(migration, placement, compiled, from, to, remaining, cancellationToken);
    }

    /// <summary>The current stage, one step: start it once its preconditions hold, make its objects, and advance once it succeeded.</summary>
    private async Task<ReconcileResult> RunStageAsync(
        Migration migration, PlacementRecord placement, CompiledMigrationConfiguration compiled, JsonObject? from, JsonObject? to, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var status = migration.Status ?? new MigrationStatus();
        var index = status.Stage is { } current ? IndexOf(compiled, current) : 0;
        if (index < 0)
        {
            return await FailAsync(migration, compiled, MigrationConditions.ReasonInvalidConfiguration,
                $"stage \"{status.Stage}\" is no longer in MigrationConfiguration {compiled.Name}", cancellationToken);
        }

        var stage = compiled.Stages[index];
        var variables = Variables(migration, from, to);
        var unsaved = false;
        if (status.StageStartTime is null)
        {
            if (await StartStageAsync(migration, compiled, stage, variables, cancellationToken) is not { } started)
            {
                return ReconcileResult.After(Min(StagePoll, remaining)); // a precondition does not hold yet, or the migration failed
            }

            (migration, unsaved) = (started, true);
            variables[MigrationVariables.Migration] = MigrationJson(migration);
        }

        if (stage.Timeout is { } timeout && time.GetUtcNow() - migration.Status!.StageStartTime > timeout)
        {
            return await FailAsync(migration, compiled, MigrationConditions.ReasonStageTimedOut,
                $"stage \"{stage.Name}\" did not succeed within {timeout}" + Waiting(migration), cancellationToken);
        }

        var (made, ended) = await TryMakeStageObjectsAsync(migration, compiled, placement, stage, from, to, variables, unsaved, cancellationToken);
        if (ended is { } failed)
        {
            return failed;
        }

        foreach (var condition in stage.SuccessConditions)
        {
            var result = condition.Evaluate(variables);
            if (result.Outcome == ConditionOutcome.Error && !NotThereYet(result))
            {
                return await FailAsync(migration, compiled, MigrationConditions.ReasonEvaluationFailed, $"stage \"{stage.Name}\": success condition {result.Message}", cancellationToken);
            }

            if (!result.IsTrue)
            {
                await SetConditionAsync(migration, MigrationConditions.StageSucceeded, false, "Waiting", $"stage \"{stage.Name}\": waiting for success condition {result.Message}", cancellationToken, unsaved);
                var stageLeft = stage.Timeout is { } limit ? migration.Status!.StageStartTime!.Value + limit - time.GetUtcNow() : StagePoll;
                return ReconcileResult.After(Min(Min(StagePoll, remaining), stageLeft + TimeSpan.FromMilliseconds(10)));
            }
        }

        return await AdvanceAsync(migration, compiled, index, variables, made!, cancellationToken);
    }

    /// <summary>The migration with the stage started, once every precondition holds (not written yet); null while one does not, or after failing the migration.</summary>
    private async Task<Migration?> StartStageAsync(
        Migration migration, CompiledMigrationConfiguration compiled, CompiledStage stage, Dictionary<string, JsonNode?> variables, CancellationToken cancellationToken)
    {
        foreach (var precondition in stage.Preconditions)
        {
            var result = precondition.Evaluate(variables);
            if (result.Outcome == ConditionOutcome.Error && !NotThereYet(result))
            {
                await FailAsync(migration, compiled, MigrationConditions.ReasonEvaluationFailed, $"stage \"{stage.Name}\": precondition {result.Message}", cancellationToken);
                return null;
            }

            if (!result.IsTrue)
            {
                await SetConditionAsync(migration, MigrationConditions.PreconditionsMet, false, "PreconditionNotMet", $"stage \"{stage.Name}\": waiting for precondition {result.Message}", cancellationToken);
                return null;
            }
        }

        // Recorded with the stage's first outcome (waiting or succeeded), in one write: a restart before it finds the
        // preconditions holding again and adopts the objects this pass made.
        var status = migration.Status ?? new MigrationStatus();
        Log.StageStarted(logger, migration.Metadata.Name!, stage.Name);
        return migration with
        {
            Status = WithCondition(status, MigrationConditions.PreconditionsMet, true, "PreconditionsHold", $"stage \"{stage.Name}\": every precondition holds") with
            {
                State = status.State is MigrationStates.Pending or null or "" ? MigrationStates.InitialInProgress : status.State,
                Stage = stage.Name,
                StageStartTime = time.GetUtcNow(),
                Configuration = compiled.Name,
                StageKinds = status.StageKinds ?? [.. TemplateKinds(records.Configurations.Find(migration.Spec.From.Gvk, migration.Spec.To.Gvk)?.Configuration).Select(k => $"{k.ApiVersion} {k.Kind}")],
            },
        };
    }

    /// <summary>The stage's objects (<see cref="MakeStageObjectsAsync"/>), or the failed migration's result when a template
    /// cannot be rendered or the stage target refuses an object.</summary>
    private async Task<(List<StageObjectRef>? Made, ReconcileResult? Failed)> TryMakeStageObjectsAsync(
        Migration migration, CompiledMigrationConfiguration compiled, PlacementRecord placement, CompiledStage stage, JsonObject? from, JsonObject? to,
        Dictionary<string, JsonNode?> variables, bool unsaved, CancellationToken cancellationToken)
    {
        try
        {
            return (await MakeStageObjectsAsync(migration, placement, stage, from, to, variables, cancellationToken), null);
        }
        catch (TemplateRenderException e)
        {
            return (null, await FailAsync(migration, compiled, MigrationConditions.ReasonEvaluationFailed, $"stage \"{stage.Name}\": {e.Message}", cancellationToken));
        }
        catch (StageObjectException e)
        {
            return (null, await FailAsync(migration, compiled, MigrationConditions.ReasonTemplateRejected, $"stage \"{stage.Name}\": {e.Message}", cancellationToken));
        }
        catch (ForbiddenException e) when (e.Refusal is { } refusal)
        {
            // The broker's own permission, which an operator grants: the stage waits (its timeout runs), saying which one,
            // and the controller retries (and counts the refusal in resource_broker_forbidden_*).
            await SetConditionAsync(migration, MigrationConditions.StageSucceeded, false, MigrationConditions.ReasonForbidden, $"stage \"{stage.Name}\": {refusal}", cancellationToken, unsaved);
            throw;
        }
    }

    /// <summary>The stage's objects in the stage target (both copies' related objects, then the rendered templates), each bound to its key in <paramref name="variables"/>.</summary>
    private async Task<List<StageObjectRef>> MakeStageObjectsAsync(
        Migration migration, PlacementRecord placement, CompiledStage stage, JsonObject? from, JsonObject? to, Dictionary<string, JsonNode?> variables, CancellationToken cancellationToken)
    {
        var made = new List<StageObjectRef>();
        var name = migration.Metadata.Name!;
        var (_, fromWorkspace) = await copies.ReadAsync(placement, placement.Spec.Provider!, cancellationToken);
        var (_, toWorkspace) = await copies.ReadAsync(placement, placement.Spec.Target!, cancellationToken);
        if (fromWorkspace is not null)
        {
            made.AddRange(await stageObjects.CopyRelatedAsync(fromWorkspace, copies.AsConsumerSees(from, placement.Spec.Provider!), "from", name, stage.Name, cancellationToken));
        }

        if (toWorkspace is not null)
        {
            made.AddRange(await stageObjects.CopyRelatedAsync(toWorkspace, copies.AsConsumerSees(to, placement.Spec.Target!), "to", name, stage.Name, cancellationToken));
        }

        foreach (var template in stage.Templates)
        {
            var rendered = template.Render(variables);
            var where = await stageObjects.LocateAsync(name, template.Key, rendered, cancellationToken);
            variables[template.Key] = await stageObjects.EnsureAsync(where, rendered, name, stage.Name, cancellationToken);
            made.Add(where);
        }

        return made;
    }

    /// <summary>The stage succeeded: its objects go, its results are kept for later stages, and the next stage (or the cutover) follows.</summary>
    private async Task<ReconcileResult> AdvanceAsync(
        Migration migration, CompiledMigrationConfiguration compiled, int index, Dictionary<string, JsonNode?> variables, List<StageObjectRef> made, CancellationToken cancellationToken)
    {
        var stage = compiled.Stages[index];
        foreach (var where in made)
        {
            await stageObjects.DeleteAsync(where, migration.Metadata.Name!, cancellationToken);
        }

        var status = migration.Status!;
        var results = new Dictionary<string, JsonObject>(status.Results ?? new Dictionary<string, JsonObject>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var template in stage.Templates)
        {
            if (variables[template.Key] is JsonObject live)
            {
                results[template.Key] = Result(live);
            }
        }

        var last = index == compiled.Stages.Count - 1;
        status = WithCondition(status, MigrationConditions.StageSucceeded, true, "Succeeded", $"stage \"{stage.Name}\" ({index + 1}/{compiled.Stages.Count}) succeeded");
        if (stage.Progress)
        {
            status = WithCondition(status, MigrationConditions.DataCopied, true, "InitialCopyCompleted", $"stage \"{stage.Name}\" completed the initial copy");
        }

        if (last)
        {
            status = WithCondition(status, MigrationConditions.StagesCompleted, true, "StagesSucceeded", $"all {compiled.Stages.Count} stage(s) of MigrationConfiguration {compiled.Name} succeeded");
        }

        await records.Migrations.UpdateStatusAsync(migration with
        {
            Status = status with
            {
                State = last ? MigrationStates.CutoverInProgress : stage.Progress ? MigrationStates.InitialCompleted : status.State,
                Stage = last ? stage.Name : compiled.Stages[index + 1].Name,
                StageStartTime = null,
                Results = results,
            },
        }, cancellationToken);
        Log.StageSucceeded(logger, migration.Metadata.Name!, stage.Name);
        return ReconcileResult.Done; // the write's event brings the next step
    }

    /// <summary>The consumer's related objects hold the new provider's data and the Placement names it: the move is done.</summary>
    private async Task<ReconcileResult> CompleteAsync(Migration migration, CancellationToken cancellationToken)
    {
        var status = migration.Status ?? new MigrationStatus();
        if (status.Conditions?.Any(c => c.Type == MigrationConditions.StagesCompleted) != true)
        {
            status = WithCondition(status, MigrationConditions.StagesCompleted, true, "StagesSucceeded", "every stage succeeded");
        }

        status = WithCondition(status, MigrationConditions.CutoverComplete, true, "CutOver", $"the consumer's related objects now hold the data of {migration.Spec.To.Provider}");
        await records.Migrations.UpdateStatusAsync(migration with
        {
            Status = status with { State = MigrationStates.CutoverCompleted, StageStartTime = null, CompletionTime = time.GetUtcNow() },
        }, cancellationToken);
        metrics.Completed();
        return ReconcileResult.After(options.MigrationRetention);
    }

    private async Task<ReconcileResult> ToCutoverAsync(Migration migration, string why, CancellationToken cancellationToken)
    {
        var status = WithCondition(migration.Status ?? new MigrationStatus(), MigrationConditions.StagesCompleted, true, "NoStages", why);
        await records.Migrations.UpdateStatusAsync(migration with { Status = status with { State = MigrationStates.CutoverInProgress } }, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Gives the move up: every object this migration made in the stage target goes first, then the record says Failed;
    /// the placement controller then deletes the new copy and keeps the old placement.
    /// </summary>
    private async Task<ReconcileResult> FailAsync(Migration migration, CompiledMigrationConfiguration? compiled, string reason, string message, CancellationToken cancellationToken)
    {
        await RemoveStageObjectsAsync(migration, cancellationToken);
        var status = WithCondition(migration.Status ?? new MigrationStatus(), MigrationConditions.Failed, true, reason, message);
        await records.Migrations.UpdateStatusAsync(migration with
        {
            Status = status with { State = MigrationStates.Failed, StageStartTime = null, CompletionTime = time.GetUtcNow(), Configuration = migration.Status?.Configuration ?? compiled?.Name },
        }, cancellationToken);
        metrics.Failed();
        Log.Failed(logger, migration.Metadata.Name!, reason, message);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Deletes every object labelled with this migration, of every kind its stages make: those recorded when its first stage
    /// started (the configuration may be gone since), those the configuration names now, and Secrets (the related copies).
    /// </summary>
    private async Task RemoveStageObjectsAsync(Migration migration, CancellationToken cancellationToken)
    {
        var kinds = new HashSet<(string ApiVersion, string Kind)> { ("v1", "Secret") };
        kinds.UnionWith(TemplateKinds(records.Configurations.Find(migration.Spec.From.Gvk, migration.Spec.To.Gvk)?.Configuration));
        foreach (var recorded in migration.Status?.StageKinds ?? [])
        {
            if (recorded.Split(' ') is [{ Length: > 0 } apiVersion, { Length: > 0 } kind])
            {
                kinds.Add((apiVersion, kind));
            }
        }

        foreach (var (apiVersion, kind) in kinds)
        {
            await stageObjects.DeleteLabelledAsync(apiVersion, kind, migration.Metadata.Name!, cancellationToken);
        }
    }

    /// <summary>The kinds the configuration's templates name literally (a kind computed by <c>${...}</c> is known only once rendered).</summary>
    private static IEnumerable<(string ApiVersion, string Kind)> TemplateKinds(MigrationConfiguration? configuration)
    {
        foreach (var template in configuration?.Spec.Stages?.SelectMany(s => s.Templates?.Values ?? []) ?? [])
        {
            if ((string?)template["apiVersion"] is { Length: > 0 } apiVersion && !apiVersion.Contains("${", StringComparison.Ordinal)
                && (string?)template["kind"] is { Length: > 0 } kind && !kind.Contains("${", StringComparison.Ordinal))
            {
                yield return (apiVersion, kind);
            }
        }
    }

    private async Task<ReconcileResult> RetireAsync(Migration migration, CancellationToken cancellationToken)
    {
        var finished = migration.Status?.CompletionTime ?? MetaTime.ToOffset(migration.Metadata.CreationTimestamp) ?? time.GetUtcNow();
        var left = finished + options.MigrationRetention - time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            return ReconcileResult.After(left);
        }

        await records.Migrations.DeleteAsync(migration.Metadata.Name!, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>Writes the condition unless the record already says so and has no <paramref name="unsaved"/> changes (a stage started this pass).</summary>
    private async Task SetConditionAsync(Migration migration, string type, bool value, string reason, string message, CancellationToken cancellationToken, bool unsaved = false)
    {
        var status = migration.Status ?? new MigrationStatus();
        var updated = WithCondition(status, type, value, reason, message);
        if (!ReferenceEquals(updated, status) || unsaved)
        {
            await records.Migrations.UpdateStatusAsync(migration with { Status = updated }, cancellationToken);
        }
    }

    /// <summary>The status with the condition set; the same instance when it already says so (no write).</summary>
    private MigrationStatus WithCondition(MigrationStatus status, string type, bool value, string reason, string message)
    {
        var text = value ? "True" : "False";
        var existing = status.Conditions?.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == text && existing.Reason == reason && existing.Message == message)
        {
            return status;
        }

        var condition = new k8s.Models.V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            LastTransitionTime = existing is not null && existing.Status == text ? existing.LastTransitionTime : MetaTime.FromOffset(time.GetUtcNow()),
        };
        return status with { Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != type), condition] };
    }

    private static Dictionary<string, JsonNode?> Variables(Migration migration, JsonObject? from, JsonObject? to)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            [MigrationVariables.From] = from,
            [MigrationVariables.To] = to,
            [MigrationVariables.Migration] = MigrationJson(migration),
        };
        foreach (var (key, result) in migration.Status?.Results ?? new Dictionary<string, JsonObject>(StringComparer.Ordinal))
        {
            variables[key] = result.DeepClone();
        }

        return variables;
    }

    private static JsonNode MigrationJson(Migration migration) => JsonSerializer.SerializeToNode(migration, BrokerJsonContext.Default.Migration)!;

    // What later stages read of a finished stage object: everything but the server's bookkeeping.
    private static JsonObject Result(JsonObject live)
    {
        var result = live.DeepClone().AsObject();
        (result["metadata"] as JsonObject)?.Remove("managedFields");
        return result;
    }

    private static string Waiting(Migration migration) =>
        migration.Status?.Conditions?.FirstOrDefault(c => c.Status == "False" && c.Type is MigrationConditions.PreconditionsMet or MigrationConditions.StageSucceeded) is { } waiting
            ? $"; last: {waiting.Message}"
            : "";

    /// <summary>
    /// A condition over a field its object does not have yet (a provider's status, a Job's <c>status.succeeded</c>) waits
    /// rather than fails: the data usually arrives, and the stage's timeout bounds the wait. Every other CEL error fails.
    /// </summary>
    private static bool NotThereYet(ConditionResult result) => result.Message.Contains("failed: no such key: ", StringComparison.Ordinal);

    private static int IndexOf(CompiledMigrationConfiguration compiled, string stage)
    {
        for (var i = 0; i < compiled.Stages.Count; i++)
        {
            if (compiled.Stages[i].Name == stage)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the Placement's provider is this move's new copy, i.e. the placement controller cut over. A move
    /// within one provider's export keeps the staging workspace and changes the copy's kind, so there the workspace alone
    /// cannot tell the old copy from the new: the kind does (an untranslated copy's, the consumer's, read from the copy).</summary>
    private async Task<bool> IsNewCopyAsync(PlacementRecord placement, ProviderReference provider, MigrationSpec move, CancellationToken cancellationToken)
    {
        if ((provider.StagingWorkspace ?? provider.Cluster) != move.To.ClusterName)
        {
            return false;
        }

        if (move.From.ClusterName != move.To.ClusterName)
        {
            return true;
        }

        var kind = provider.TranslatedTo is { } translated
            ? MigrationRecords.KindAt(move.To.Gvk, translated)
            : (await copies.ReadAsync(placement, provider, cancellationToken)).Copy is { } copy ? MigrationRecords.Gvk(copy) : null;
        return kind is not null && kind.Group == move.To.Gvk.Group && kind.Kind == move.To.Gvk.Kind;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Migration {Migration}: stage {Stage} started")]
        public static partial void StageStarted(ILogger logger, string migration, string stage);

        [LoggerMessage(LogLevel.Information, "Migration {Migration}: stage {Stage} succeeded")]
        public static partial void StageSucceeded(ILogger logger, string migration, string stage);

        [LoggerMessage(LogLevel.Warning, "Migration {Migration} failed ({Reason}): {Message}")]
        public static partial void Failed(ILogger logger, string migration, string reason, string message);
    }
}
