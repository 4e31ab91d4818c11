using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Benchmarks.Brokering;
using Broker.Controllers;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Demo;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using KcpCerts.Issuer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Benchmarks.Scale;

/// <summary>
/// Issue 19's scale benchmark: W consumer workspaces and P provider workspaces (each with its own certificates export, an
/// AcceptAPI for fqdns ending in <c>p&lt;i&gt;.example</c> and a running issuer, issue delay 0) on LocalKcp with S shards, and
/// C Certificates spread over the workspaces and providers. The broker runs in a process of its own without a rate limit.
/// In two halves (half the workspaces, then the rest), it prints the time until every Certificate has its Secret and the
/// broker's open watch streams, so the watch count shows at two workspace counts; then the broker's managed heap per brokered
/// object and working set; a broker restart until ready and the writes of its idle resync; and an AcceptAPI change that
/// moves one provider's objects (1% with 100 providers) to another: the time until they all moved and how many distinct
/// objects the placement controller reconciled for it.
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- scale [workspaces=1000] [providers=100] [certificates=5000] [shards=4]
/// </summary>
public static class ScaleScenario
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private static readonly GroupVersionResource Placements = new("broker.platform-mesh.io", "v1alpha1", "placements", Namespaced: false);
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(string[] args)
    {
        var workspaces = Arg(args, 0, 1000);
        var providers = Math.Max(2, Arg(args, 1, 100));
        var certificates = Arg(args, 2, 5000);
        var shards = Arg(args, 3, 4);
        var setUp = Stopwatch.StartNew();
        await using var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { Shards = shards, WorkspaceSchedulingDelay = TimeSpan.Zero, WatchHistory = 1_000_000 });
        var shardNames = kcp.Server.ControlPlane.Shards.Select(s => s.Name).ToList();
        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        await DemoEnvironment.SetUpPlatformAsync(client, new DemoOptions(), CancellationToken.None);
        var providerPaths = await SetUpProvidersAsync(kcp, providers, shardNames);
        await using var issuers = RunningIssuers.Start(
            providerPaths.Select((path, i) => new CertificateIssuer(new IssuerOptions(client, path, DemoEnvironment.CertificatesExport, ProviderName(i), TimeSpan.Zero))),
            NullLogger.Instance);
        var consumers = new List<(string Path, string Cluster)>();
        for (var w = 0; w < workspaces; w++)
        {
            consumers.Add(await BindConsumerAsync(kcp, $"root:consumers:c{w:D5}", shardNames[w % shardNames.Count]));
            if ((w + 1) % 1000 == 0)
            {
                Progress($"{w + 1} consumer workspaces set up");
            }
        }

        Progress($"set up {workspaces} consumer and {providers} provider workspaces on {shards} shards in {setUp.Elapsed.TotalSeconds:F0} s");

        // When each consumer's Secret appears: one wildcard watch per shard through the brokered export's virtual workspace.
        var seen = new ConcurrentDictionary<(string, string), long>();
        await using var secrets = new ExportInformer(client, ClusterPath.Parse(DemoEnvironment.PlatformPath), DemoEnvironment.CertificatesExport, Secrets, TimeProvider.System, NullLoggerFactory.Instance);
        using var seenSubscription = secrets.Store.Changes.Subscribe(c => seen.TryAdd((c.Key.Cluster, c.Key.Name), Stopwatch.GetTimestamp()));
        secrets.Start();

        using var meter = new Meter("bench-scale");
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        var options = new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(DemoEnvironment.PlatformPath) };
        var broker = await BrokerHost.StartAsync(client, options, kcp.KubeconfigPath, logs, meter, ownProcess: true);
        var heapAtStart = long.Parse((await broker.AskAsync("heap"))!, CultureInfo.InvariantCulture);

        var half = workspaces / 2;
        var (firstTime, firstMissing) = await BrokerAsync(client, consumers[..half], certificates / 2, 0, providers, seen);
        var firstWatches = await broker.AskAsync("watches");
        Progress($"first {half} workspaces / {certificates / 2} Certificates: all Secrets after {firstTime.TotalSeconds:F1} s ({firstMissing} missing); watch streams {firstWatches}");
        var heapAtHalf = long.Parse((await broker.AskAsync("heap"))!, CultureInfo.InvariantCulture);
        var (secondTime, secondMissing) = await BrokerAsync(client, consumers[half..], certificates - (certificates / 2), certificates / 2, providers, seen);
        var secondWatches = await broker.AskAsync("watches");
        Progress($"the other {workspaces - half} / {certificates - (certificates / 2)}: all Secrets after {secondTime.TotalSeconds:F1} s ({secondMissing} missing); watch streams {secondWatches}");
        var heap = long.Parse((await broker.AskAsync("heap"))!, CultureInfo.InvariantCulture);
        var workingSet = broker.WorkingSet ?? 0;
        Progress($"heap {heap} bytes ({heapAtStart} at start, {heapAtHalf} at half), working set {workingSet} bytes");
        if (Environment.GetEnvironmentVariable("SCALE_GCDUMP") is { Length: > 0 } dumpPath)
        {
            await HeapDump.CollectAsync(broker.ProcessId!.Value, dumpPath);
        }

        // Restart over the settled objects: until ready, then what its idle resync writes (nothing, the target).
        await broker.DisposeAsync();
        var writesBefore = await CurrentResourceVersionsAsync(client, kcp);
        var restart = Stopwatch.StartNew();
        broker = await BrokerHost.StartAsync(client, options, kcp.KubeconfigPath, logs, meter, ownProcess: true);
        var ready = restart.Elapsed;
        var settled = await SettledAsync(broker, certificates); // its startup passes over every object
        var idleWrites = await CurrentResourceVersionsAsync(client, kcp) - writesBefore;
        Progress($"restart ready after {ready.TotalSeconds:F1} s, quiet after {settled.TotalSeconds:F1} s, {idleWrites} writes");

        // An AcceptAPI change that moves provider 0's objects to provider 1 (whose second AcceptAPI takes them, priority -1).
        var moving = Enumerable.Range(0, certificates).Count(i => ProviderOf(i, providers) == 0);
        var onProvider1 = Enumerable.Range(0, certificates).Count(i => ProviderOf(i, providers) == 1);
        await broker.AskAsync("track");
        var moveClock = Stopwatch.StartNew();
        await client.Cluster(providerPaths[0]).PatchAsync(AcceptApis, "default", ProviderName(0), PatchType.Merge,
            new JsonObject { ["spec"] = new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["key"] = "spec.fqdn", ["suffix"] = "nowhere.example" }) } }, CancellationToken.None);
        var provider1 = KubeObject.Cluster(await client.Cluster(providerPaths[1]).GetAsync(LogicalCluster.Resource, null, "cluster", CancellationToken.None));
        var moved = 0;
        while (moveClock.Elapsed < Limit && (moved = await MovedAsync(client, provider1)) < moving + onProvider1)
        {
            await Task.Delay(500);
        }

        var moveTime = moveClock.Elapsed;
        var reconciled = await broker.AskAsync("tracked");
        await broker.DisposeAsync();

        Console.WriteLine($"scale: {workspaces} consumer workspaces, {providers} providers, {certificates} Certificates (issue delay 0), {shards} shards; broker in its own process, no rate limit");
        Console.WriteLine($"all Secrets present: first {half} workspaces / {certificates / 2} Certificates after {firstTime.TotalSeconds:F1} s ({firstMissing} missing), the other {workspaces - half} / {certificates - (certificates / 2)} after {secondTime.TotalSeconds:F1} s ({secondMissing} missing)");
        Console.WriteLine($"open watch streams: with {half} workspaces {firstWatches}");
        Console.WriteLine($"  bound: the platform's (acceptapis, certificates, Secrets per shard, their 3 slices, 4 records) plus per provider export 2 per shard and 2 slices: {(3 * shards) + 3 + 4 + (providers * ((2 * shards) + 2))}");
        Console.WriteLine($"                    with {workspaces} workspaces {secondWatches}   target: independent of the workspace count");
        Console.WriteLine($"broker managed heap after a full collection: {heap / 1048576.0:F0} MiB ({heapAtStart / 1048576.0:F0} MiB at start), {(heap - heapAtStart) / (double)certificates / 1024:F1} KiB per brokered object   target <= 4 KiB; working set {workingSet / 1048576.0:F0} MiB");
        // The second half's growth leaves out what does not grow with objects (watch streams and their buffers, pools, code).
        Console.WriteLine($"  of which the second half's {certificates - (certificates / 2)} objects (and {workspaces - half} workspaces): {(heap - heapAtHalf) / (double)(certificates - (certificates / 2)) / 1024:F1} KiB per object");
        Console.WriteLine($"restart until ready: {ready.TotalSeconds:F1} s   target < 30 s; its idle resync passed every object and went quiet after {settled.TotalSeconds:F1} s, and wrote {idleWrites}   target 0");
        Console.WriteLine($"AcceptAPI change moving {moving} objects ({moving * 100.0 / certificates:F1}%): all moved after {moveTime.TotalSeconds:F1} s ({moved - onProvider1} of {moving}); distinct objects reconciled {reconciled}   target: {moving} plus the unplaced (0)");
    }

    // Until the placement controller has reconciled every object since the restart, then reconciled nothing for 5 s (a restart
    // also confirms every staging workspace, whose readiness queues its objects once more).
    private static async Task<TimeSpan> SettledAsync(BrokerHost broker, int objects)
    {
        var clock = Stopwatch.StartNew();
        await broker.AskAsync("track");
        while (clock.Elapsed < Limit && int.Parse((await broker.AskAsync("tracked"))!, CultureInfo.InvariantCulture) < objects)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        do
        {
            await broker.AskAsync("track");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        while (clock.Elapsed < Limit && (await broker.AskAsync("tracked")) != "0");

        return clock.Elapsed - TimeSpan.FromSeconds(5);
    }

    // A long run says how far it got as it goes, so an interrupted one still has its figures.
    private static void Progress(string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");

    private static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static string ProviderName(int i) => $"p{i:D3}";

    // Certificate i goes to a provider spread by a multiplicative hash (not i % providers: with round-robin workspaces that
    // would give each provider the workspaces of one shard only); its fqdn ends in that provider's suffix.
    private static int ProviderOf(int i, int providers) => (int)((uint)i * 2654435761u % (uint)providers);

    private static string Fqdn(int i, int providers) => $"c{i}.{ProviderName(ProviderOf(i, providers))}.example";

    private static async Task<List<string>> SetUpProvidersAsync(LocalKcpFixture kcp, int providers, List<string> shards)
    {
        var manifests = new DemoManifests(null, null).CertificateApis();
        await kcp.Bootstrap.CreateWorkspaceAsync(DemoEnvironment.ProvidersPath, CancellationToken.None);
        var paths = new List<string>();
        for (var i = 0; i < providers; i++)
        {
            var provider = await kcp.Bootstrap.CreateWorkspaceAsync($"{DemoEnvironment.ProvidersPath}:{ProviderName(i)}", CancellationToken.None, shards[i % shards.Count]);
            foreach (var manifest in manifests)
            {
                kcp.Bootstrap.Apply(provider, manifest.DeepClone().AsObject());
            }

            await kcp.Bootstrap.BindAsync(provider, DemoEnvironment.PlatformPath, DemoEnvironment.AcceptApisExport, CancellationToken.None);
            kcp.Bootstrap.Apply(provider, AcceptApi(ProviderName(i), $"{ProviderName(i)}.example", 0));
            if (i == 1)
            {
                kcp.Bootstrap.Apply(provider, AcceptApi("takeover", $"{ProviderName(0)}.example", -1)); // takes provider 0's objects when it lets them go
            }

            paths.Add(provider.Path);
        }

        return paths;
    }

    private static JsonObject AcceptApi(string name, string suffix, int priority) => new()
    {
        ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
        ["kind"] = "AcceptAPI",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["gvr"] = new JsonObject { ["group"] = Certificates.Group, ["version"] = Certificates.Version, ["resource"] = Certificates.Resource },
            ["apiExportName"] = DemoEnvironment.CertificatesExport,
            ["priority"] = priority,
            ["filters"] = new JsonArray(new JsonObject { ["key"] = "spec.fqdn", ["suffix"] = suffix }),
        },
    };

    private static async Task<(string Path, string Cluster)> BindConsumerAsync(LocalKcpFixture kcp, string path, string shard)
    {
        var consumer = await kcp.Bootstrap.CreateWorkspaceAsync(path, CancellationToken.None, shard);
        await kcp.Bootstrap.BindAsync(consumer, DemoEnvironment.PlatformPath, DemoEnvironment.CertificatesExport, CancellationToken.None,
            acceptedClaims: Broker.Testing.Kcp.AcceptedClaims.Core("secrets", "namespaces", "events"));
        return (consumer.Path, consumer.Name);
    }

    /// <summary>Creates <paramref name="count"/> Certificates round-robin over <paramref name="consumers"/> (16 at a time) and
    /// waits until each has its Secret: the time from the first create, and how many are still missing at the limit.</summary>
    private static async Task<(TimeSpan Elapsed, int Missing)> BrokerAsync(
        KcpClient client, List<(string Path, string Cluster)> consumers, int count, int first, int providers, ConcurrentDictionary<(string, string), long> seen)
    {
        var clock = Stopwatch.StartNew();
        var created = new ConcurrentBag<(string, string)>();
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (path, cluster) = consumers[i % consumers.Count];
            var name = $"cert-{i}";
            await client.Cluster(path).CreateAsync(Certificates, "default", new JsonObject
            {
                ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
                ["kind"] = "Certificate",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
                ["spec"] = new JsonObject { ["fqdn"] = Fqdn(i, providers) },
            }, ct);
            created.Add((cluster, name));
        });
        while (created.Any(k => !seen.ContainsKey(k)) && clock.Elapsed < Limit)
        {
            await Task.Delay(100);
        }

        return (clock.Elapsed, created.Count(k => !seen.ContainsKey(k)));
    }

    // Placements on provider 1 with no move in flight.
    private static async Task<int> MovedAsync(KcpClient client, string provider1) =>
        (await client.Cluster(DemoEnvironment.PlatformPath).ListAllAsync(Placements, null, null, CancellationToken.None)).Items
            .Count(p => (string?)p["spec"]?["provider"]?["cluster"] == provider1 && p["spec"]?["target"] is null);

    // Every write bumps its shard's resourceVersion; the sum over the shards counts the writes between two looks.
    private static async Task<long> CurrentResourceVersionsAsync(KcpClient client, LocalKcpFixture kcp)
    {
        long sum = 0;
        foreach (var shard in kcp.Server.ControlPlane.Shards)
        {
            var anyCluster = kcp.Server.ControlPlane.Clusters.All.First(c => c.Shard == shard);
            sum += long.Parse((await client.Cluster(anyCluster.Name).ListAsync(Namespaces, null, null, CancellationToken.None)).ResourceVersion, CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
