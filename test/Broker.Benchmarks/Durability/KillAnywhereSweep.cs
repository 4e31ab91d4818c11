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
                var log = await runner.RecordWritesAsync(flow, CancellationToken.None);
                var writes = log.Count;
                Console.WriteLine($"{flow.Name}: {writes} broker writes without a kill; killing {target} after each");
                for (var i = 0; i < log.Count; i++)
                {
                    Console.WriteLine($"  write {i + 1,2}: {log[i]}");
                }

                var points = await runner.SweepAsync(flow, target, writes, p => Console.WriteLine($"  {p}"), CancellationToken.None);
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
}
