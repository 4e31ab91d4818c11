using System.Diagnostics;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Durability.KillAnywhere;

/// <summary>
/// Runs a flow with a kill right after the broker's N-th write (LocalKcp's write cutoff holds every later write
/// until the process is dead, so the kill lands exactly on that boundary), starts the killed process again and checks
/// design §4's invariants: during the flow (<see cref="InvariantMonitor"/>) and at its end: the consumer's end state,
/// each provider's copies changed exactly as the flow says (no leaked, no duplicated copy), one Placement per
/// consumer object, at most one staging workspace per consumer and provider.
/// </summary>
public sealed class KillAnywhereRunner(KillAnywhereEnvironment environment, TimeSpan convergeTimeout)
{
    private const int MaxStagingWorkspaces = 2; // the demo's one consumer x two providers
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The writes the broker makes for one run of <paramref name="flow"/> without a kill ("METHOD path status").</summary>
    public async Task<IReadOnlyList<string>> RecordWritesAsync(BrokerFlow flow, CancellationToken cancellationToken)
    {
        var name = NewName(flow, 0);
        await flow.PrepareAsync(environment, name, cancellationToken);
        var starting = await environment.CopiesAsync(cancellationToken);
        await environment.CutBrokerWritesAfterAsync(int.MaxValue, cancellationToken);
        await flow.ActAsync(environment, name, cancellationToken);
        var (_, _, missing) = await KillPointOrQuietEndAsync(flow, name, starting, cancellationToken);
        var writes = await environment.CutoffWritesAsync(cancellationToken);
        await environment.ClearFaultsAsync(cancellationToken);
        return missing is null ? writes : throw new TimeoutException($"{flow.Name} of {name} did not converge: {missing}");
    }

    public async Task<KillPoint> RunAsync(BrokerFlow flow, KillTarget target, int write, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var name = NewName(flow, write);
        await flow.PrepareAsync(environment, name, cancellationToken);
        var starting = await environment.CopiesAsync(cancellationToken);
        var violations = new List<string>();
        bool killed;
        string? lastWrite = null;
        await using (var monitor = InvariantMonitor.Start(environment, flow, name, starting))
        {
            await environment.CutBrokerWritesAfterAsync(write, cancellationToken);
            await flow.ActAsync(environment, name, cancellationToken);
            (killed, _, var outcome) = await KillPointOrQuietEndAsync(flow, name, starting, cancellationToken);
            if (outcome is not null)
            {
                violations.Add($"neither write {write} nor the end state came: {outcome}");
            }

            if (killed)
            {
                lastWrite = (await environment.CutoffWritesAsync(cancellationToken)).LastOrDefault();
                await KillAndRestartAsync(target, cancellationToken);
            }
            else
            {
                await environment.ClearFaultsAsync(cancellationToken);
            }

            if (await Converge.WaitAsync(
                async () =>
                {
                    await flow.PlayOthersAsync(environment, name, cancellationToken);
                    return await EndStatePendingAsync(flow, name, starting, cancellationToken);
                },
                convergeTimeout,
                cancellationToken) is { } missing)
            {
                violations.Add($"did not converge in {convergeTimeout.TotalSeconds:N0} s: {missing}");
            }

            violations.AddRange(await monitor.StopAsync());
        }

        return new KillPoint(flow.Name, target, write, killed, lastWrite, violations, stopwatch.Elapsed);
    }

    /// <summary>
    /// Every kill point of <paramref name="flow"/>: after write 1, 2, ... <paramref name="writes"/> (its count without a
    /// kill) and one past it. A run that ends before its kill (a restart before it took a shorter path) is reported and
    /// the sweep goes on.
    /// </summary>
    public async Task<List<KillPoint>> SweepAsync(BrokerFlow flow, KillTarget target, int writes, Action<KillPoint> report, CancellationToken cancellationToken)
    {
        var points = new List<KillPoint>();
        for (var write = 1; write <= writes + 1; write++)
        {
            var point = await RunAsync(flow, target, write, cancellationToken);
            report(point);
            points.Add(point);
        }

        return points;
    }

    private async Task KillAndRestartAsync(KillTarget target, CancellationToken cancellationToken)
    {
        if (target == KillTarget.Broker)
        {
            // Killed before its held writes are released: none of them ever runs.
            await environment.RestartBrokerAsync(cancellationToken, beforeStart: () => environment.ClearFaultsAsync(cancellationToken));
        }
        else
        {
            await environment.RestartLocalKcpAsync(cancellationToken);
        }
    }

    // Waits until the cutoff is reached (a kill point) or the whole end state is there and the broker has been quiet
    // for a second: some writes come after the consumer sees the end (a move deletes the old copy after the cutover).
    private async Task<(bool Killed, int Answered, string? Missing)> KillPointOrQuietEndAsync(
        BrokerFlow flow, string name, IReadOnlyDictionary<string, int> starting, CancellationToken cancellationToken)
    {
        var (killed, answered, changed) = (false, -1, TimeProvider.System.GetTimestamp());
        var missing = await Converge.WaitAsync(async () =>
        {
            var cutoff = await environment.CutoffAsync(cancellationToken);
            if (cutoff.Reached)
            {
                (killed, answered) = (true, cutoff.Answered);
                return null;
            }

            if (cutoff.Answered != answered)
            {
                (answered, changed) = (cutoff.Answered, TimeProvider.System.GetTimestamp());
            }

            await flow.PlayOthersAsync(environment, name, cancellationToken);
            return await EndStatePendingAsync(flow, name, starting, cancellationToken)
                ?? (TimeProvider.System.GetElapsedTime(changed) < QuietPeriod ? "the broker is still writing" : null);
        }, convergeTimeout, cancellationToken);
        return (killed, answered, missing);
    }

    private async Task<string?> EndStatePendingAsync(BrokerFlow flow, string name, IReadOnlyDictionary<string, int> starting, CancellationToken cancellationToken)
    {
        if (await flow.PendingAsync(environment, name, cancellationToken) is { } pending)
        {
            return pending;
        }

        var copies = await environment.CopiesAsync(cancellationToken);
        foreach (var (provider, change) in flow.CopyChange)
        {
            if (copies.GetValueOrDefault(provider) != starting.GetValueOrDefault(provider) + change)
            {
                return $"{provider} holds {copies.GetValueOrDefault(provider)} copies, expected {starting.GetValueOrDefault(provider) + change}";
            }
        }

        var (certificates, placements) = ((await environment.ConsumerCertificatesAsync(cancellationToken)).Count, (await environment.PlacementsAsync(cancellationToken)).Count);
        if (placements != certificates)
        {
            return $"{placements} Placements for {certificates} consumer objects";
        }

        var staging = await environment.StagingWorkspacesAsync(cancellationToken);
        if (staging.Count > MaxStagingWorkspaces)
        {
            return $"{staging.Count} staging workspaces: {string.Join(", ", staging)}";
        }

        // Only this object's: a stage object another run left behind is that run's violation.
        var migrations = await environment.MigrationsOfAsync(name, cancellationToken);
        var mine = migrations.Select(KubeObject.Name).ToHashSet(StringComparer.Ordinal);
        if ((await environment.StageObjectsAsync(cancellationToken))
            .Where(o => mine.Contains((string?)o["metadata"]?["labels"]?[KillAnywhereEnvironment.MigrationLabel] ?? ""))
            .Select(KubeObject.Name).ToList() is { Count: > 0 } stageObjects)
        {
            return $"stage objects left: {string.Join(", ", stageObjects)}";
        }

        return flow.Moves ? MovedOnce(migrations) : null;
    }

    // Each move is cut over exactly once: one Migration for the object, CutoverCompleted.
    private static string? MovedOnce(List<JsonObject> migrations) =>
        migrations.Count == 1 && (string?)migrations[0]["status"]?["state"] == "CutoverCompleted"
            ? null
            : $"{migrations.Count} Migrations ({string.Join(", ", migrations.Select(m => $"{KubeObject.Name(m)} {(string?)m["status"]?["state"]}"))}), expected one CutoverCompleted";

    private static string NewName(BrokerFlow flow, int write) => $"{flow.Name}-{write}-{Guid.NewGuid().ToString("N")[..6]}";
}
