using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Demo;
using Broker.Durability.KillAnywhere;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Events;

namespace Broker.Benchmarks.Durability;

/// <summary>
/// The soak (issue 18): <c>minutes</c> of churn against the broker in its own process (creates, fqdn changes that move
/// objects between the providers, deletes, AcceptAPI changes) with faults on (5% of requests fail with 500, every
/// watch dropped every 45 s, history compacted every 60 s). Prints every minute: objects, moves completed, Migrations
/// kept, the broker's working set and live GC heap (right after a full collection it is made to run), LocalKcp's open
/// watches, errors. Then the faults stop and every object must converge: placed where its fqdn says, its Secret from
/// that provider, one copy and one Placement each.
/// Every move is a Migration the broker keeps for <c>--migration-retention</c>: the soak gives it <c>retention</c>
/// minutes (default 2), so the kept Migrations level off early in the run rather than grow through it as with the default 1h.
/// Warm-up is the first fifth of the run, and at least the longest window the broker keeps things for (that retention,
/// the event correlator's 10-minute aggregation window) plus a minute: until then the broker is still filling bounded
/// caches, not leaking. Memory is compared from its end to the last minute, so judging 30 minutes after warm-up takes a
/// run of 41. Run: <c>soak [minutes=30] [objects=100] [retention-minutes=2] [kube-api-qps=0]</c>; the broker's
/// client is unthrottled by default (<c>broker run</c>'s own default is 50 qps), so it churns as hard as LocalKcp and
/// the harness allow. Exit code 1 when the live heap or the working set grew 10% or more after warm-up, or something
/// did not converge.
/// </summary>
internal static class SoakScenario
{
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var target = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var retentionMinutes = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var retention = $"{retentionMinutes.ToString(CultureInfo.InvariantCulture)}m";
        // Unthrottled by default: the soak is there to churn hard, and `broker run`'s 50 qps default cut it to a fifth of the moves.
        var qps = args.Length > 3 ? args[3] : "0";
        var longestWindow = Math.Max(retentionMinutes, new EventRecorderOptions().AggregationWindow.TotalMinutes);
        var warmUp = Math.Max(Math.Ceiling(minutes / 5), Math.Ceiling(longestWindow) + 1);
        await using var environment = await KillAnywhereEnvironment.StartAsync(CancellationToken.None, "--migration-retention", retention, "--kube-api-qps", qps);
        using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var random = new Random(18);
        var objects = new Dictionary<string, string>(StringComparer.Ordinal); // name -> fqdn
        var (next, harnessErrors, actions) = (0, 0, 0);
        await SetFaultsAsync(environment, """{"errorRate": 0.05, "status": 500}""");
        Console.WriteLine($"soak: {minutes} min, up to {target} Certificates, 5% errors, watches dropped every 45 s, compaction every 60 s; {Environment.ProcessorCount} cores");
        Console.WriteLine($"broker pid {environment.Broker!.ProcessId}: --migration-retention {retention}, --kube-api-qps {qps}{(qps == "0" ? " (unthrottled)" : "")}; warm-up {warmUp} min; heap figures right after a full collection");
        Console.WriteLine("minute  objects  moves  migrations  working set (anon + file)    live heap  open watches  broker retries  harness errors");

        var samples = new List<SoakSample>();
        var run = Stopwatch.StartNew();
        var (lastDrop, lastCompact, lastReport) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        while (run.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            try
            {
                actions++;
                await ChurnAsync(environment, random, objects, target, () => $"soak-{next++}");
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                harnessErrors++; // mostly the injected 500s; the next action goes on
            }

            if (run.Elapsed - lastDrop > TimeSpan.FromSeconds(45))
            {
                (lastDrop, _) = (run.Elapsed, await SetFaultsAsync(environment, """{"dropWatches": true}"""));
            }

            if (run.Elapsed - lastCompact > TimeSpan.FromSeconds(60))
            {
                (lastCompact, _) = (run.Elapsed, await SetFaultsAsync(environment, """{"compact": true}"""));
            }

            if (run.Elapsed - lastReport >= TimeSpan.FromMinutes(1))
            {
                lastReport = run.Elapsed;
                var sample = await SampleAsync(environment, metrics, (int)Math.Round(run.Elapsed.TotalMinutes));
                samples.Add(sample);
                Console.WriteLine($"{sample.Minute,6}  {objects.Count,7}  {sample.Moves,5:N0}  {sample.Migrations,10}  {sample.WorkingSet,8:N1} MiB ({sample.Anonymous,5:N1} + {sample.FileBacked,4:N1})  {sample.Heap,5:N1} MiB  {sample.Watches,12}  {sample.Retries,14:N0}  {harnessErrors,14}");
            }

            await Task.Delay(100);
        }

        await SetFaultsAsync(environment, null);
        Console.WriteLine($"churn done: {actions} actions, {objects.Count} Certificates left; converging without faults");
        var converge = Stopwatch.StartNew();
        var missing = await Converge.WaitAsync(() => PendingAsync(environment, objects), TimeSpan.FromMinutes(5), CancellationToken.None);
        var final = await SampleAsync(environment, metrics, samples.Count);
        Console.WriteLine(missing is null ? $"every object converged in {converge.Elapsed.TotalSeconds:N1} s" : $"NOT converged after 5 min: {missing}");
        var flat = Verdict(samples, warmUp);
        Console.WriteLine($"{flat.Summary}; moves completed {final.Moves:N0}; broker retries {final.Retries:N0}; harness errors {harnessErrors}");
        return missing is null && flat.Flat ? 0 : 1;
    }

    // After warm-up, memory is flat: the last minute against the end of warm-up, both right after a full collection.
    private static (bool Flat, string Summary) Verdict(List<SoakSample> samples, double warmUp)
    {
        var baseline = samples.FirstOrDefault(s => s.Minute >= warmUp);
        if (baseline is null || ReferenceEquals(baseline, samples[^1]))
        {
            return (false, $"too short to judge memory: {samples.Count} samples, warm-up {warmUp} min");
        }

        var (last, heap, workingSet) = (samples[^1], (samples[^1].Heap / baseline.Heap) - 1, (samples[^1].WorkingSet / baseline.WorkingSet) - 1);
        return (heap < 0.10 && workingSet < 0.10,
            $"broker memory from minute {baseline.Minute} (end of warm-up) to {last.Minute}: live heap {baseline.Heap:N1} -> {last.Heap:N1} MiB ({heap:+0.0%;-0.0%}), "
            + $"working set {baseline.WorkingSet:N1} -> {last.WorkingSet:N1} MiB ({workingSet:+0.0%;-0.0%}) (target < 10% each)");
    }

    private static async Task ChurnAsync(KillAnywhereEnvironment environment, Random random, Dictionary<string, string> objects, int target, Func<string> newName)
    {
        var roll = random.NextDouble();
        if (objects.Count < target && roll < 0.4)
        {
            var name = newName();
            var fqdn = Fqdn(name, random.Next(2) == 0);
            await environment.Consumer.CreateAsync(KillAnywhereEnvironment.Certificates, "default", KillAnywhereEnvironment.Certificate(name, fqdn), CancellationToken.None);
            objects[name] = fqdn;
        }
        else if (objects.Count > 0 && roll < 0.8)
        {
            var name = objects.Keys.ElementAt(random.Next(objects.Count));
            var fqdn = Fqdn(name, !objects[name].EndsWith(".internal.corp", StringComparison.Ordinal));
            await environment.Consumer.PatchAsync(KillAnywhereEnvironment.Certificates, "default", name, PatchType.Merge,
                new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = fqdn } }, CancellationToken.None);
            objects[name] = fqdn;
        }
        else if (objects.Count > 0 && roll < 0.95)
        {
            var name = objects.Keys.ElementAt(random.Next(objects.Count));
            await environment.Consumer.DeleteAsync(KillAnywhereEnvironment.Certificates, "default", name, null, CancellationToken.None);
            objects.Remove(name);
        }
        else
        {
            // An AcceptAPI change re-queues every Certificate; the priority does not change where they go.
            await environment.Admin.Cluster(environment.Topology.InternalCa.Path).PatchAsync(AcceptApis, "default", "internal-certificates", PatchType.Merge,
                new JsonObject { ["spec"] = new JsonObject { ["priority"] = random.Next(3) } }, CancellationToken.None);
        }
    }

    private static string Fqdn(string name, bool internalCa) => internalCa ? $"{name}.internal.corp" : $"{name}.corp.com";

    private static async Task<string?> PendingAsync(KillAnywhereEnvironment environment, Dictionary<string, string> objects)
    {
        var certificates = await environment.ConsumerCertificatesAsync(CancellationToken.None);
        foreach (var (name, fqdn) in objects)
        {
            var provider = fqdn.EndsWith(".internal.corp", StringComparison.Ordinal) ? DemoEnvironment.InternalCaName : DemoEnvironment.ExternalCaName;
            var placed = (certificates.GetValueOrDefault(name)?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Placed");
            if ((string?)placed?["status"] != "True" || !((string?)placed!["message"] ?? "").Contains(provider, StringComparison.Ordinal))
            {
                return $"{name} is not Placed=True on {provider}";
            }

            if (await environment.SecretIssuerAsync(name, CancellationToken.None) != provider)
            {
                return $"{name}'s Secret is not issued by {provider}";
            }
        }

        if (certificates.Count != objects.Count)
        {
            return $"{certificates.Count} Certificates, {objects.Count} expected";
        }

        var copies = (await environment.CopiesAsync(CancellationToken.None)).Values.Sum();
        var placements = (await environment.PlacementsAsync(CancellationToken.None)).Count;
        return copies == objects.Count && placements == objects.Count ? null : $"{copies} copies and {placements} Placements for {objects.Count} Certificates";
    }

    private static async Task<SoakSample> SampleAsync(KillAnywhereEnvironment environment, HttpClient metrics, int minute)
    {
        var uri = new Uri($"http://127.0.0.1:{environment.Broker!.MetricsPort}/metrics");
        await FullCollection.RunAsync(environment.Broker.ProcessId,
            async () => Sum(await metrics.GetStringAsync(uri), "dotnet_gc_collections_total", "gen2"), CancellationToken.None);
        var text = await metrics.GetStringAsync(uri);
        var watches = (int?)(await environment.FaultStateAsync(CancellationToken.None))["openWatches"] ?? 0;
        var migrations = (await WithoutInjectedErrorsAsync(() => environment.MigrationsAsync(CancellationToken.None))).Count;
        var (anonymous, fileBacked) = Resident(environment.Broker.ProcessId);
        return new SoakSample(minute, Sum(text, "dotnet_process_memory_working_set_bytes") / 1048576, Sum(text, "dotnet_gc_last_collection_heap_size_bytes") / 1048576, anonymous, fileBacked,
            Sum(text, "resource_broker_moves_total", "result=\"completed\""), Sum(text, "resource_broker_workqueue_retries_total"), watches, migrations);
    }

    // The working set split as Linux counts it (/proc/PID/status, kB): what grows when the heap does not. Zero elsewhere.
    private static (double Anonymous, double FileBacked) Resident(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (!File.Exists(status))
        {
            return (0, 0);
        }

        var fields = File.ReadLines(status).Where(l => l.StartsWith("Rss", StringComparison.Ordinal)).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024, StringComparer.Ordinal);
        return (fields.GetValueOrDefault("RssAnon"), fields.GetValueOrDefault("RssFile"));
    }

    // The harness's own reads meet the injected 5% of errors too: a sample tries again.
    private static async Task<T> WithoutInjectedErrorsAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (KubeApiException e) when (attempt < 10 && e.StatusCode >= 500)
            {
                await Task.Delay(100);
            }
        }
    }

    private static double Sum(string metrics, string name, string? label = null) =>
        metrics.Split('\n')
            .Where(l => (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal)) && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task<bool> SetFaultsAsync(KillAnywhereEnvironment environment, string? json)
    {
        await environment.SetFaultsAsync(json is null ? null : JsonNode.Parse(json)!.AsObject(), CancellationToken.None);
        return true;
    }
}
