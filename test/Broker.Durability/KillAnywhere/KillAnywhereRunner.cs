using System.Diagnostics;

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

    /// <summary>How many writes the broker makes for one run of <paramref name="flow"/> without a kill.</summary>
    public async Task<int> CountWritesAsync(BrokerFlow flow, CancellationToken cancellationToken)
    {
        var name = NewName(flow, 0);
        await flow.PrepareAsync(environment, name, cancellationToken);
        await environment.CutBrokerWritesAfterAsync(int.MaxValue, cancellationToken);
        await flow.ActAsync(environment, name, cancellationToken);
        await Converge.OrThrowAsync($"{flow.Name} of {name}", () => flow.PendingAsync(environment, name, cancellationToken), convergeTimeout, cancellationToken);

        // The broker may still be finishing (the old copy of a move goes after the cutover): count until it is quiet.
        var (last, quiet) = (-1, 0);
        while (quiet < 10)
        {
            var (answered, _) = await environment.CutoffAsync(cancellationToken);
            (last, quiet) = answered == last ? (last, quiet + 1) : (answered, 0);
            await Task.Delay(100, cancellationToken);
        }

        await environment.ClearFaultsAsync(cancellationToken);
        return last;
    }

    public async Task<KillPoint> RunAsync(BrokerFlow flow, KillTarget target, int write, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var name = NewName(flow, write);
        await flow.PrepareAsync(environment, name, cancellationToken);
        var starting = await environment.CopiesAsync(cancellationToken);
        var violations = new List<string>();
        var killed = false;
        await using (var monitor = InvariantMonitor.Start(environment, flow, name, starting))
        {
            await environment.CutBrokerWritesAfterAsync(write, cancellationToken);
            await flow.ActAsync(environment, name, cancellationToken);
            var outcome = await Converge.WaitAsync(async () =>
            {
                if ((await environment.CutoffAsync(cancellationToken)).Reached)
                {
                    killed = true;
                    return null;
                }

                return await flow.PendingAsync(environment, name, cancellationToken);
            }, convergeTimeout, cancellationToken);
            if (outcome is not null)
            {
                violations.Add($"neither write {write} nor the end state came: {outcome}");
            }

            if (killed)
            {
                await KillAndRestartAsync(target, cancellationToken);
            }
            else
            {
                await environment.ClearFaultsAsync(cancellationToken);
            }

            if (await Converge.WaitAsync(() => EndStatePendingAsync(flow, name, starting, cancellationToken), convergeTimeout, cancellationToken) is { } missing)
            {
                violations.Add($"did not converge in {convergeTimeout.TotalSeconds:N0} s: {missing}");
            }

            violations.AddRange(await monitor.StopAsync());
        }

        return new KillPoint(flow.Name, target, write, killed, violations, stopwatch.Elapsed);
    }

    /// <summary>Every kill point of <paramref name="flow"/>: after write 1, 2, ... until a run ends before its kill.</summary>
    public async Task<List<KillPoint>> SweepAsync(BrokerFlow flow, KillTarget target, Action<KillPoint> report, CancellationToken cancellationToken)
    {
        var points = new List<KillPoint>();
        for (var write = 1; ; write++)
        {
            var point = await RunAsync(flow, target, write, cancellationToken);
            report(point);
            points.Add(point);
            if (!point.Killed)
            {
                return points;
            }
        }
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
        return staging.Count > MaxStagingWorkspaces ? $"{staging.Count} staging workspaces: {string.Join(", ", staging)}" : null;
    }

    private static string NewName(BrokerFlow flow, int write) => $"{flow.Name}-{write}-{Guid.NewGuid().ToString("N")[..6]}";
}
