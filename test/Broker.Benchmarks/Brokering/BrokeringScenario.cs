using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Core.Api.Meta;
using Broker.Demo;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Benchmarks.Brokering;

/// <summary>
/// Issue 5's benchmark: N Certificates across M consumer workspaces (issue delay 0) until every one has its
/// Secret; create-to-Secret latency (p50/p99, seen through one wildcard watch on the export's virtual
/// workspace); the same again into workspaces whose staging workspaces exist; the writes an idle resync issues
/// (a broker restart over settled objects); and, for the same number of writes the broker and issuers made, how
/// long LocalKcp takes for raw writes (ConfigMaps, with and without a watch, and Certificates).
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- brokering [certificates=1000] [consumers=100] [rate=0]
/// (rate: certificates created per second; 0 creates them all at once, so latency includes the queue).
/// BROKERING_BROKER_PROCESS=1 runs the broker in a process of its own (<see cref="BrokerHost"/>) to measure its CPU apart;
/// BROKERING_KUBE_API=50/100 gives it a client-side rate limit (qps/burst; none by default); BROKERING_WARMUP_ROUNDS caps the
/// warm-up (0: none, for a quick comparison such as the cost of the rate limit).
/// </summary>
public static class BrokeringScenario
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);

    private const int WarmUpConsumers = 10;
    private const int WarmUpCertificates = 1000;
    private const int WarmUpRounds = 6;
    private const int WarmUpSteadyCompilations = 100;

    public static async Task RunAsync(string[] args)
    {
        var certificates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var consumers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var rate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0; // certificates per second; 0: all at once
        await using var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero, WatchHistory = 100_000 });
        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var demo = new DemoOptions { IssueDelay = TimeSpan.Zero };
        var topology = await DemoEnvironment.SetUpAsync(client, demo, CancellationToken.None);
        await using var issuers = await DemoEnvironment.StartIssuersAsync(client, topology, demo, CancellationToken.None);
        var consumerPaths = new List<string> { topology.Consumer.Path };
        for (var c = 1; c < consumers; c++)
        {
            consumerPaths.Add(await BindConsumerAsync(kcp, $"root:consumers:c{c:D3}"));
        }

        using var meter = new Meter("bench");
        var options = new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(DemoEnvironment.PlatformPath) }; // 8 workers, the default of `broker run --workers`
        using var brokerLogs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Error)); // the broker's errors show
        var rateLimit = RateLimit(Environment.GetEnvironmentVariable("BROKERING_KUBE_API"));
        var ownProcess = Environment.GetEnvironmentVariable("BROKERING_BROKER_PROCESS") is not null || rateLimit is not null; // a limit needs the broker's own client
        var broker = await BrokerHost.StartAsync(client, options, kcp.KubeconfigPath, brokerLogs, meter, ownProcess, rateLimit);

        // One wildcard watch on Secrets through the brokered export's virtual workspace: when each consumer's Secret appears.
        var slice = await client.Cluster(DemoEnvironment.PlatformPath).GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "certificates", CancellationToken.None);
        var endpoint = slice.Status.Endpoints!.Single().Url;
        var seen = new ConcurrentDictionary<(string, string), long>();
        await using var secrets = new Informer(client.VirtualWorkspace(endpoint, ClusterPath.Wildcard), Secrets, new InformerOptions(), TimeProvider.System, NullLogger.Instance);
        using var subscription = secrets.Subscribe(e => seen.TryAdd((KubeObject.Cluster(e.Object), KubeObject.Name(e.Object)), Stopwatch.GetTimestamp()));
        secrets.Start();
        await secrets.WaitForSyncAsync(CancellationToken.None);

        var clusters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in consumerPaths)
        {
            clusters[path] = await ClusterOfAsync(client, path);
        }

        // Warm-up at the measured rate, so the measured run sees a broker that has been up a while: code paths taken and
        // the connection pool filled. The JIT's tiering promotes a method only when it is called after call counting
        // began, which waits for a pause in new compilations, so one round leaves the hot paths half-promoted: rounds go
        // on until one compiles little, at most WarmUpRounds. Each round has workspaces of its own, new ones, so the
        // measured run still creates every staging workspace it needs and creating one is as warm as the rest.
        var warmUpRounds = 0;
        long compiledInRound = 0;
        var maxWarmUpRounds = Environment.GetEnvironmentVariable("BROKERING_WARMUP_ROUNDS") is { } rounds ? int.Parse(rounds, CultureInfo.InvariantCulture) : WarmUpRounds;
        while (warmUpRounds < maxWarmUpRounds)
        {
            var roundPaths = new List<string>();
            for (var c = 0; c < WarmUpConsumers; c++)
            {
                var path = await BindConsumerAsync(kcp, $"root:warmup:r{warmUpRounds}w{c:D2}");
                roundPaths.Add(path);
                clusters[path] = await ClusterOfAsync(client, path);
            }

            var compiledBefore = await CompiledAsync(broker);
            await CreateCertificatesAsync(client, roundPaths, clusters, WarmUpCertificates, $"warm{warmUpRounds}", rate, seen, new ConcurrentDictionary<(string, string), long>());
            await JitQuietAsync(broker, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            compiledInRound = await CompiledAsync(broker) - compiledBefore;
            if (++warmUpRounds < maxWarmUpRounds && compiledInRound <= WarmUpSteadyCompilations)
            {
                break;
            }
        }

        var writesByKind = new ConcurrentDictionary<string, int>(StringComparer.Ordinal); // what the writes were, while brokering
        var recordKinds = true;
        foreach (var shard in kcp.Server.ControlPlane.Shards)
        {
            shard.Store.AddListener(e =>
            {
                if (Volatile.Read(ref recordKinds))
                {
                    writesByKind.AddOrUpdate($"{e.Type} {e.Resource.Resource}", 1, (_, n) => n + 1);
                }
            });
        }

        var reconciles = new ConcurrentDictionary<string, int>(StringComparer.Ordinal); // passes per work queue, while brokering
        using var queues = new MeterListener();
        var retries = new ConcurrentDictionary<string, int>(StringComparer.Ordinal); // failed passes per work queue (conflicts, stale caches)
        queues.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "resource_broker_workqueue_processing_duration" or "resource_broker_workqueue_retries" or "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal); // HTTP requests by method, from every client in the process
        queues.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "http.client.request.duration")
            {
                CountTag(requests, tags, "http.request.method");
            }
            else
            {
                Count(reconciles, tags);
            }
        });
        queues.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (value > 0)
            {
                Count(retries, tags);
            }
        });
        void Count(ConcurrentDictionary<string, int> counts, ReadOnlySpan<KeyValuePair<string, object?>> tags) => CountTag(counts, tags, "queue");
        void CountTag(ConcurrentDictionary<string, int> counts, ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name && Volatile.Read(ref recordKinds))
                {
                    counts.AddOrUpdate(tag.Value as string ?? "", 1, (_, n) => n + 1);
                }
            }
        }

        queues.Start();

        var writesBefore = await CurrentResourceVersionAsync(client);
        var created = new ConcurrentDictionary<(string, string), long>();
        using var process = Process.GetCurrentProcess();
        TimeSpan Cpu() // of every process taking part: this one, and the broker's when it has its own
        {
            process.Refresh();
            return process.TotalProcessorTime + (broker.ProcessorTime ?? TimeSpan.Zero);
        }

        var cpuBefore = Cpu();
        var brokerCpuBefore = broker.ProcessorTime;
        var brokerJitBefore = (await broker.JitAsync()).Time;
        var brokerAllocatedBefore = await broker.AskAsync("allocated");
        var brokerGcBefore = BrokerGc.Parse(await broker.AskAsync("gc"));
        var brokerPassesBefore = QueuePasses.Parse(await broker.AskAsync("passes"));
        var brokerRequestsBefore = QueuePasses.Parse(await broker.AskAsync("requests"));
        var jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        using var sampler = Environment.GetEnvironmentVariable("BROKERING_ALLOCATIONS") is null ? null : new AllocationSampler();
        using var jitSampler = Environment.GetEnvironmentVariable("BROKERING_JIT") is null ? null : new JitSampler();
        await using var timeline = Environment.GetEnvironmentVariable("BROKERING_TIMELINE") is null ? null : new CpuTimeline(TimeSpan.FromMilliseconds(250), () => created.Keys.Count(seen.ContainsKey));
        timeline?.Start();
        // BROKERING_TRACE=file: CPU samples of the broker's own process over the measured run (dotnet-trace report file topN).
        using var trace = Environment.GetEnvironmentVariable("BROKERING_TRACE") is { Length: > 0 } tracePath && broker.ProcessId is { } brokerPid
            ? DiagnosticTool.Start("dotnet-trace", "collect", "-p", brokerPid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", tracePath, "--duration", "00:00:00:08")
            : null;
        var clock = Stopwatch.StartNew();
        PerfMarker("T0");
        if (sampler is not null)
        {
            sampler.Start();
            await broker.AskAsync("sample-allocations");
        }

        if (jitSampler is not null)
        {
            jitSampler.Start();
            await broker.AskAsync("sample-jit");
        }

        await CreateCertificatesAsync(client, consumerPaths, clusters, certificates, "cert", rate, seen, created);
        var placedIn = clock.Elapsed;
        if (trace is not null)
        {
            await trace.StandardOutput.ReadToEndAsync();
            await trace.WaitForExitAsync();
        }
        sampler?.Stop();
        jitSampler?.Stop();
        PerfMarker("T1");
        foreach (var line in timeline is null ? [] : await timeline.StopAsync())
        {
            Console.WriteLine(line);
        }
        if (jitSampler is not null)
        {
            var compiled = jitSampler.Top(int.MaxValue);
            var tiers = compiled.Where(t => t.Name.StartsWith(JitSampler.TierPrefix, StringComparison.Ordinal));
            var namespaces = compiled.Except(tiers);
            Console.WriteLine($"  compiled by tier: {string.Join(", ", tiers.Select(t => $"{t.Name[JitSampler.TierPrefix.Length..]} {t.Total}"))}; by namespace:");
            foreach (var (ns, count) in namespaces.Take(30))
            {
                Console.WriteLine($"  compiled {count,5}: {ns}");
            }
        }
        // What the broker's own process compiled in the measured run: the part of its CPU the warm-up left to the JIT.
        foreach (var line in jitSampler is not null && await broker.AskAsync("jitted") is { Length: > 0 } brokerJitted ? brokerJitted.Split('\t') : [])
        {
            Console.WriteLine($"  the broker's process compiled {line}");
        }

        foreach (var (type, bytes) in sampler?.Top(40) ?? [])
        {
            Console.WriteLine($"  allocated {bytes / 1024.0 / certificates,7:F1} KiB per certificate: {type}");
        }

        // The broker's own process, sampled there (null when the broker shares this process, whose sampler then saw it).
        foreach (var line in sampler is not null && await broker.AskAsync("allocations") is { Length: > 0 } brokerAllocations ? brokerAllocations.Split('\t') : [])
        {
            var (bytes, type) = (long.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture), line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            Console.WriteLine($"  the broker's process allocated {bytes / 1024.0 / certificates,7:F1} KiB per certificate: {type}");
        }
        var brokeringCpu = Cpu() - cpuBefore;
        var brokerCpu = broker.ProcessorTime - brokerCpuBefore;
        var brokerJit = (await broker.JitAsync()).Time - brokerJitBefore;
        var brokerGc = BrokerGc.Parse(await broker.AskAsync("gc")).Since(brokerGcBefore);
        var brokerAllocated = brokerAllocatedBefore is null ? 0 : long.Parse((await broker.AskAsync("allocated"))!, CultureInfo.InvariantCulture) - long.Parse(brokerAllocatedBefore, CultureInfo.InvariantCulture);
        var brokerPasses = QueuePasses.Parse(await broker.AskAsync("passes")).ToDictionary(p => p.Key, p => p.Value - brokerPassesBefore.GetValueOrDefault(p.Key), StringComparer.Ordinal);
        var brokerRequests = QueuePasses.Parse(await broker.AskAsync("requests")).ToDictionary(p => p.Key, p => p.Value - brokerRequestsBefore.GetValueOrDefault(p.Key), StringComparer.Ordinal);
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore;
        var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
        var gcs = (GC.CollectionCount(0) - gcsBefore.Item1, GC.CollectionCount(1) - gcsBefore.Item2, GC.CollectionCount(2) - gcsBefore.Item3);
        var missing = created.Keys.Count(k => !seen.ContainsKey(k));
        var latencies = Latencies(created, seen);
        await Task.Delay(TimeSpan.FromSeconds(3)); // status writes after the Secret settle
        var settledCpu = Cpu();
        var settledJit = System.Runtime.JitInfo.GetCompilationTime();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleCores = (Cpu() - settledCpu).TotalSeconds / 3;
        var idleJitCores = (System.Runtime.JitInfo.GetCompilationTime() - settledJit).TotalSeconds / 3;
        var writes = await CurrentResourceVersionAsync(client) - writesBefore;
        Volatile.Write(ref recordKinds, false);

        // As many again into the same workspaces, whose staging workspaces now exist: what a consumer's later objects cost.
        var preparedCreated = new ConcurrentDictionary<(string, string), long>();
        var preparedCpuBefore = Cpu();
        var preparedBrokerCpuBefore = broker.ProcessorTime;
        var preparedClock = Stopwatch.StartNew();
        await CreateCertificatesAsync(client, consumerPaths, clusters, certificates, "again", rate, seen, preparedCreated);
        var preparedIn = preparedClock.Elapsed;
        var preparedCpu = Cpu() - preparedCpuBefore;
        var preparedBrokerCpu = broker.ProcessorTime - preparedBrokerCpuBefore;
        var preparedLatencies = Latencies(preparedCreated, seen);
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Idle resync: a fresh broker lists everything and reconciles every object; nothing may change.
        await broker.DisposeAsync();
        var idleBefore = await CurrentResourceVersionAsync(client);
        var idleWritten = new ConcurrentQueue<string>(); // what an idle resync wrote, if anything: the figure should be 0
        var recordIdle = true;
        foreach (var shard in kcp.Server.ControlPlane.Shards)
        {
            shard.Store.AddListener(e =>
            {
                if (Volatile.Read(ref recordIdle) && e.Object is { } o)
                {
                    idleWritten.Enqueue($"{e.Type} {e.Resource.Resource} {o.Key.Cluster}/{o.Key.Namespace}/{o.Key.Name}{(e.Previous is { } p ? ", changed " + string.Join(", ", Changes(p.ToJsonObject(), o.ToJsonObject(), "")) : "")}");
                }
            });
        }

        await using (await BrokerHost.StartAsync(client, options, kcp.KubeconfigPath, brokerLogs, meter, ownProcess, rateLimit))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var idleWrites = await CurrentResourceVersionAsync(client) - idleBefore;
        Volatile.Write(ref recordIdle, false);

        // The same number of raw writes, same client and parallelism, no broker; then again with every write seen by one
        // watch (the brokering run delivers about 1.3 watch events per write), the cost no informer-based controller avoids.
        var (rawElapsed, rawCpu) = await RawWritesAsync(client, consumerPaths, (int)writes, ConfigMaps, ConfigMap, process);
        using var shardAdmin = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath], "shard-base")); // a shard's /clusters/* is system:masters only
        await using var watched = new Informer(shardAdmin.Cluster(ClusterPath.Wildcard), ConfigMaps, new InformerOptions(), TimeProvider.System, NullLogger.Instance);
        watched.Start();
        await watched.WaitForSyncAsync(CancellationToken.None);
        var (watchedElapsed, watchedCpu) = await RawWritesAsync(client, consumerPaths, (int)writes, ConfigMaps, i => ConfigMap(i + (int)writes), process);

        // Raw writes of the brokered kind itself (a CRD: schema-checked, pruned, defaulted); nothing acts on consumer-side objects without a broker.
        var (crdElapsed, crdCpu) = await RawWritesAsync(client, consumerPaths, (int)writes, Certificates, i => Certificate($"raw-{i}", $"raw-{i}.internal.corp"), process);

        Console.WriteLine($"certificates: {certificates} across {consumers} consumer workspaces (issue delay 0), created {(rate > 0 ? $"at {rate:F0}/s" : "all at once")}, after a warm-up of {warmUpRounds} x {WarmUpCertificates}, each round in {WarmUpConsumers} new workspaces");
        Console.WriteLine($"  (the last warm-up round compiled {compiledInRound} methods; each round ends when the JIT has been quiet for 1 s)");
        Console.WriteLine($"broker's client-side rate limit: {(rateLimit is { } l ? $"{l.Qps}/{l.Burst} (qps/burst)" : "none (BROKERING_KUBE_API=50/100 applies broker run's default)")}");
        Console.WriteLine($"all Secrets present after: {placedIn.TotalSeconds:F1} s ({missing} missing)   target < 30 s");
        Console.WriteLine($"create -> Secret: p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies.LastOrDefault():F0} ms   target p99 < 1000 ms");
        Console.WriteLine($"into the same workspaces again (staging prepared): all Secrets after {preparedIn.TotalSeconds:F1} s, p50 {Percentile(preparedLatencies, 0.50):F0} ms, p99 {Percentile(preparedLatencies, 0.99):F0} ms, {preparedCpu.TotalMilliseconds / certificates:F2} ms CPU per certificate{(preparedBrokerCpu is { } pb ? $", of which the broker's process {pb.TotalMilliseconds / certificates:F2} ms" : "")}");
        Console.WriteLine($"writes by broker and issuers: {writes} ({writes / (double)certificates:F1} per certificate), {writes / placedIn.TotalSeconds:F0} writes/s");
        Console.WriteLine("  per certificate: " + string.Join(", ", writesByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value / (double)certificates:F2}")));
        Console.WriteLine($"HTTP requests per certificate ({(ownProcess ? "the issuers' and the client's; the broker runs in its own process" : "all clients")}, watches counted when they end): " + string.Join(", ", requests.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value / (double)certificates:F2}")));
        Console.WriteLine("reconciles per certificate: " + string.Join(", ", reconciles.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value / (double)certificates:F2}"))
            + "; of which failed and retried: " + (retries.IsEmpty ? "none" : string.Join(", ", retries.Select(k => $"{k.Key} {k.Value / (double)certificates:F2}"))));
        Console.WriteLine($"idle resync (broker restart over settled objects) writes: {idleWrites}   target 0{(idleWritten.IsEmpty ? "" : ": " + string.Join("; ", idleWritten.Take(10)))}");
        Console.WriteLine($"CPU while settled (no changes, {certificates} objects, {consumers * 2} staging workspaces): {idleCores:F2} cores, of which the JIT {idleJitCores:F2}");
        // CPU time does not depend on what else the machine runs: the figure to compare between runs.
        Console.WriteLine($"CPU (LocalKcp, broker, issuers, client{(brokerCpu is null ? " in one process" : "; the broker in a process of its own")}) until all Secrets: {brokeringCpu.TotalSeconds:F1} s, {brokeringCpu.TotalMilliseconds / certificates:F2} ms per certificate, {brokeringCpu.TotalMilliseconds * 1000 / writes:F0} µs per write; raw writes: {rawCpu.TotalMilliseconds * 1000 / writes:F0} µs per write");
        if (brokerCpu is { } own)
        {
            Console.WriteLine($"  of which the broker's process: {own.TotalMilliseconds / certificates:F2} ms per certificate ({(own - brokerJit).TotalMilliseconds / certificates:F2} ms without its JIT), allocating {brokerAllocated / 1024.0 / certificates:F0} KiB per certificate; LocalKcp, issuers and client: {(brokeringCpu - own).TotalMilliseconds / certificates:F2} ms");
            Console.WriteLine($"  the broker's garbage collections gen0/gen1/gen2 {brokerGc}");
            Console.WriteLine($"  the broker's HTTP requests per certificate: {string.Join(", ", brokerRequests.Where(r => r.Value > 0).OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value / (double)certificates:F2}"))} (watches counted when they end)");
            var passes = brokerPasses.Values.Sum();
            Console.WriteLine($"  the broker's reconcile passes: {passes / (double)certificates:F2} per certificate ({string.Join(", ", brokerPasses.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / (double)certificates:F2}"))}), {(passes == 0 ? 0 : (own - brokerJit).TotalMilliseconds * 1000 / passes):F0} µs of its CPU per pass (without its JIT)");
        }

        Console.WriteLine($"  of which the JIT's tiering (a young process{(brokerCpu is null ? "" : "; in both")}): {jitted} methods compiled in the benchmark's, {(jitTime + brokerJit).TotalSeconds:F1} s; without it {(brokeringCpu - jitTime - brokerJit).TotalMilliseconds / certificates:F2} ms per certificate");
        Console.WriteLine($"  allocated {allocated / 1024.0 / certificates:F0} KiB per certificate; garbage collections gen0/gen1/gen2 {gcs.Item1}/{gcs.Item2}/{gcs.Item3}, paused {gcPause.TotalMilliseconds:F0} ms");
        Console.WriteLine($"raw LocalKcp writes, same count: {rawElapsed.TotalSeconds:F1} s, {writes / rawElapsed.TotalSeconds:F0} writes/s; broker rate / raw rate = {rawElapsed.TotalSeconds / placedIn.TotalSeconds:P0}   target >= 50%");
        Console.WriteLine($"raw writes, each seen by one watch: {watchedElapsed.TotalSeconds:F1} s, {writes / watchedElapsed.TotalSeconds:F0} writes/s, {watchedCpu.TotalMilliseconds * 1000 / writes:F0} µs CPU per write (raw: {rawCpu.TotalMilliseconds * 1000 / writes:F0} µs)");
        Console.WriteLine($"raw Certificate writes (a CRD): {crdElapsed.TotalSeconds:F1} s, {writes / crdElapsed.TotalSeconds:F0} writes/s, {crdCpu.TotalMilliseconds * 1000 / writes:F0} µs CPU per write");
    }

    // BROKERING_KUBE_API=<qps>/<burst>, e.g. 50/100 (broker run's default); unset: no limit.
    private static ClientRateLimit? RateLimit(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var qps) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var burst)
            ? new ClientRateLimit(qps, burst)
            : throw new ArgumentException($"BROKERING_KUBE_API: '{text}' is not <qps>/<burst>, e.g. 50/100");
    }

    // What an unexpected write changed, as paths with old and new values (server bookkeeping left out): the idle-resync report.
    private static IEnumerable<string> Changes(JsonNode? before, JsonNode? after, string path)
    {
        if (path is ".metadata.resourceVersion" or ".metadata.managedFields" || JsonNode.DeepEquals(before, after))
        {
            yield break;
        }

        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
            {
                foreach (var change in Changes(a[name], b[name], $"{path}.{name}"))
                {
                    yield return change;
                }
            }

            yield break;
        }

        yield return $"{path}: {before?.ToJsonString() ?? "(none)"} -> {after?.ToJsonString() ?? "(none)"}";
    }

    // Waits until the JIT's background tiering has compiled nothing for a whole quiet period (at most the limit).
    // Methods compiled in this process and the broker's, when it has its own.
    private static async Task<long> CompiledAsync(BrokerHost broker) => System.Runtime.JitInfo.GetCompiledMethodCount() + (await broker.JitAsync()).Compiled;

    private static async Task JitQuietAsync(BrokerHost broker, TimeSpan quiet, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var compiled = await CompiledAsync(broker);
        do
        {
            await Task.Delay(quiet);
            var now = await CompiledAsync(broker);
            if (now == compiled)
            {
                break;
            }

            compiled = now;
        }
        while (clock.Elapsed < limit);
    }

    // With BROKERING_PERF_MARKERS set, prints the monotonic clock (perf's CLOCK_MONOTONIC) so a profile can be cut to the measured window.
    private static void PerfMarker(string name)
    {
        if (Environment.GetEnvironmentVariable("BROKERING_PERF_MARKERS") is not null)
        {
            Console.WriteLine($"{name} {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}");
        }
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> RawWritesAsync(
        KcpClient client, List<string> paths, int count, GroupVersionResource resource, Func<int, JsonObject> body, Process process)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await client.Cluster(paths[i % paths.Count]).CreateAsync(resource, "default", body(i), ct));
        var elapsed = clock.Elapsed;
        process.Refresh();
        return (elapsed, process.TotalProcessorTime - cpuBefore);
    }

    private static JsonObject ConfigMap(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = $"raw-{i}", ["namespace"] = "default" },
        ["data"] = new JsonObject { ["fqdn"] = $"raw-{i}.internal.corp" },
    };

    private static JsonObject Certificate(string name, string fqdn) => new()
    {
        ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["fqdn"] = fqdn },
    };

    // Create-to-Secret times in milliseconds, sorted, of the objects whose Secret was seen.
    private static double[] Latencies(ConcurrentDictionary<(string, string), long> created, ConcurrentDictionary<(string, string), long> seen) =>
        [.. created.Where(c => seen.ContainsKey(c.Key)).Select(c => Stopwatch.GetElapsedTime(c.Value, seen[c.Key]).TotalMilliseconds).Order()];

    /// <summary>Creates certificates round-robin over the workspaces (at a rate, or all at once) and waits until each has its Secret.</summary>
    private static async Task CreateCertificatesAsync(
        KcpClient client, List<string> paths, Dictionary<string, string> clusters, int count, string prefix, double rate,
        ConcurrentDictionary<(string, string), long> seen, ConcurrentDictionary<(string, string), long> created)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var path = paths[i % paths.Count];
            var name = $"{prefix}-{i}";
            // Alternates the provider per workspace and per round, so every workspace uses each (a staging workspace each).
            var fqdn = $"{name}.{Suffixes[(i + (i / paths.Count)) % Suffixes.Length]}";
            if (rate > 0 && TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, ct);
            }

            created[(clusters[path], name)] = Stopwatch.GetTimestamp();
            await client.Cluster(path).CreateAsync(Certificates, "default", Certificate(name, fqdn), ct);
        });
        while (created.Keys.Any(k => !seen.ContainsKey(k)) && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(20);
        }
    }

    // BROKERING_VENDOR=1 puts the demo's vendor-ca in the mix: a third of the Certificates are translated into its
    // VendorCertificates (issue 20); otherwise internal-ca and external-ca take half each.
    private static readonly string[] Suffixes = Environment.GetEnvironmentVariable("BROKERING_VENDOR") is null
        ? ["internal.corp", "corp.com"]
        : ["internal.corp", "corp.com", "vendor.example"];

    private static async Task<string> ClusterOfAsync(KcpClient client, string path) =>
        KubeObject.Cluster(await client.Cluster(path).GetAsync(LogicalCluster.Resource, null, "cluster", CancellationToken.None));

    private static async Task<string> BindConsumerAsync(LocalKcpFixture kcp, string path)
    {
        var consumer = await kcp.Bootstrap.CreateWorkspaceAsync(path, CancellationToken.None);
        var claims = Broker.Testing.Kcp.AcceptedClaims.Core("secrets", "namespaces", "events");
        await kcp.Bootstrap.BindAsync(consumer, DemoEnvironment.PlatformPath, "certificates", CancellationToken.None, acceptedClaims: claims);
        return consumer.Path;
    }

    // Every write bumps the shard's resourceVersion; a list reports the current one.
    private static async Task<long> CurrentResourceVersionAsync(KcpClient client) =>
        long.Parse((await client.Cluster("root").ListAsync(Namespaces, null, null, CancellationToken.None)).ResourceVersion, CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
