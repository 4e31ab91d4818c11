using System.Text.Json.Nodes;
using Broker.Controllers.Status;
using Broker.Kcp.Http;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// Tells whoever applies a MigrationConfiguration whether it compiles: condition Valid=True (reason Compiled) or
/// Valid=False (reason Invalid) with every problem and its line:column, and status.observedGeneration. Writes only
/// when the status would change, so resyncs and the echoes of its own writes cost nothing.
/// </summary>
public sealed partial class MigrationConfigurationReconciler(
    MigrationConfigurations configurations, ClusterClient platform, TimeProvider time, ILogger<MigrationConfigurationReconciler> logger) : IReconciler<ObjectKey>
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!configurations.TryGetCached(key, out var cached, out var entry))
        {
            return ReconcileResult.Done; // deleted
        }

        var compilation = entry.Compilation;
        var (reason, message) = compilation.Compiled is { } compiled
            ? (MigrationConfigurationConditions.ReasonCompiled, Compiled(compiled) + Shadowed(entry))
            : (MigrationConfigurationConditions.ReasonInvalid, compilation.Message);
        var obj = cached.ToJsonObject();
        var status = (obj["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        ConditionSet.Upsert(status, MigrationConfigurationConditions.Valid, compilation.IsValid, reason, message, time.GetUtcNow(), entry.Generation);
        if (entry.Generation is { } generation)
        {
            status["observedGeneration"] = generation;
        }

        if (JsonNode.DeepEquals(status, obj["status"]))
        {
            return ReconcileResult.Done;
        }

        obj["status"] = status;
        try
        {
            await platform.UpdateStatusAsync(MigrationConfigurations.Resource, obj, cancellationToken);
        }
        catch (NotFoundException)
        {
            return ReconcileResult.Done; // deleted meanwhile
        }

        if (compilation.IsValid)
        {
            Log.Valid(logger, key, message);
        }
        else
        {
            Log.Invalid(logger, key, message);
        }

        return ReconcileResult.Done;
    }

    // Only one configuration covers a move: say so on the others, or a second one would look in use and never run.
    private string Shadowed(MigrationConfigurationEntry entry) =>
        entry.Found?.Configuration.Spec is { } spec && configurations.FindEntry(spec.From, spec.To) is { } used && used.Key != entry.Key
            ? $"; unused: {Describe(used.Key)} covers the same move and comes first by name"
            : "";

    private static string Describe(ObjectKey key) => key.Namespace.Length > 0 ? $"{key.Namespace}/{key.Name}" : key.Name;

    private static string Compiled(CompiledMigrationConfiguration compiled) => compiled.Stages.Count switch
    {
        0 => "compiled: no stages (moves cut over as soon as the new copy is ready)",
        1 => $"compiled: 1 stage ({compiled.Stages[0].Name})",
        var n => $"compiled: {n} stages ({string.Join(", ", compiled.Stages.Select(s => s.Name))})",
    };

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "MigrationConfiguration {Key}: Valid=True ({Message})")]
        public static partial void Valid(ILogger logger, ObjectKey key, string message);

        [LoggerMessage(LogLevel.Warning, "MigrationConfiguration {Key}: Valid=False: {Message}")]
        public static partial void Invalid(ILogger logger, ObjectKey key, string message);
    }
}
