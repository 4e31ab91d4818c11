using System.Diagnostics;
using Broker.Durability.KillAnywhere;

namespace Broker.Benchmarks.Durability;

/// <summary>
/// The full kill-anywhere sweep (issue 18): every flow (placement, move, staged move, deletion), killed after each of the broker's
/// writes from the first to the last, the broker and then LocalKcp. Prints each kill point and, per flow and target,
/// the kill points tried and the violations found. Exit code 1 when there are violations.
/// Run: <c>kill-anywhere [broker|localkcp|both] [flow...]</c>.
/// </summary>
internal static class KillAnywhereSweep
{
    public static async Task<int> RunAsync(string[] args)
    {
        var targets = args.FirstOrDefault() switch
        {
            "broker" => [KillTarget.Broker],
            "localkcp" => [KillTarget.LocalKcp],
            _ => (KillTarget[])[KillTarget.Broker, KillTarget.LocalKcp],
        };
        var names = args.Skip(1).ToHashSet(StringComparer.Ordinal);
        var flows = BrokerFlow.All.Where(f => names.Count == 0 || names.Contains(f.Name)).ToList();
        var total = Stopwatch.StartNew();
        await using var environment = await KillAnywhereEnvironment.StartAsync(CancellationToken.None);
        var runner = new KillAnywhereRunner(environment, TimeSpan.FromSeconds(60));
        var summary = new List<string>();
        var violations = 0;
        foreach (var target in targets)
        {
            foreach (var flow in flows)
            {
                IReadOnlyList<string> log;
                List<KillPoint> points;
                try
                {
                    log = await runner.RecordWritesAsync(flow, CancellationToken.None);
                    Console.WriteLine($"{flow.Name}: {log.Count} broker writes without a kill; killing {target} after each");
                    for (var i = 0; i < log.Count; i++)
                    {
                        Console.WriteLine($"  write {i + 1,2}: {log[i]}");
                    }

                    points = await runner.SweepAsync(flow, target, log.Count, p => Console.WriteLine($"  {p}"), CancellationToken.None);
                }
                catch (TimeoutException e)
                {
                    // A flow's starting state or its run without a kill did not converge: a finding too, with what the
                    // broker logged last; the sweep goes on with the next flow.
                    violations++;
                    summary.Add($"{flow.Name,-9} kill {target,-8}: stopped, {e.Message}");
                    Console.WriteLine($"{flow.Name} (kill {target}) stopped: {e.Message}\nthe broker's last lines:\n{Tail(environment.Broker?.Output ?? "", 60)}");
                    continue;
                }

                var writes = log.Count;
                var killed = points.Count(p => p.Killed);
                var bad = points.Where(p => p.Violations.Count > 0).ToList();
                violations += bad.Count;
                summary.Add($"{flow.Name,-9} kill {target,-8}: {writes} writes, {points.Count} runs, {killed} killed on their boundary, {bad.Count} with violations{(bad.Count == 0 ? "" : ": after writes " + string.Join(", ", bad.Select(p => p.Write)))}");
            }
        }

        Console.WriteLine($"kill-anywhere sweep, {total.Elapsed.TotalMinutes:N1} min:");
        summary.ForEach(line => Console.WriteLine("  " + line));
        return violations == 0 ? 0 : 1;
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
