using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Benchmarks.Brokering;
using Broker.Core.Api.Meta;
using Broker.Demo;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Microsoft.Extensions.Logging;

namespace Broker.Benchmarks.Migrations;

/// <summary>
/// Issue 15's benchmark: N Certificates move at once, first without stages (a Migration each, as every move), then back
/// with a two-stage MigrationConfiguration whose stages a test actor completes (it sets a ConfigMap key as soon as the
/// stage's ConfigMap appears). The difference between the two rounds is what the stages add: writes and CPU per stage.
/// Also: the time from the actor's last completion to every Migration CutoverCompleted.
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- migrations [certificates=100]
/// Everything runs in this process (LocalKcp, both issuers, the broker, the actor): CPU figures include LocalKcp
/// serving the writes; the writes are counted by resource at LocalKcp's store.
/// </summary>
public static class MigrationScenario
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");
    private static readonly GroupVersionResource Migrations = new("broker.platform-mesh.io", "v1alpha1", "migrations");
    private const string StageLabel = "broker.platform-mesh.io/migration-stage";

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        await using var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero, WatchHistory = 100_000 });
        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var demo = new DemoOptions { IssueDelay = TimeSpan.Zero };
        var topology = await DemoEnvironment.SetUpAsync(client, demo, CancellationToken.None);
        await using var issuers = await DemoEnvironment.StartIssuersAsync(client, topology, demo, CancellationToken.None);
        using var meter = new Meter("bench-migrations");
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        var broker = new BrokerService(client, new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(DemoEnvironment.PlatformPath) }, TimeProvider.System, logs, meter);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => broker.RunAsync(stop.Token));
        var consumer = client.Cluster(topology.Consumer.Path);
        var platform = client.Cluster(DemoEnvironment.PlatformPath);

        var writes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        foreach (var shard in kcp.Server.ControlPlane.Shards)
        {
            shard.Store.AddListener(e => writes.AddOrUpdate($"{e.Type} {e.Resource.Resource}", 1, (_, n) => n + 1));
        }

        // The Migration controller's passes and their wall time, from its work queue's metric.
        using var passes = new QueuePasses();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            consumer.CreateAsync(Certificates, "default", Certificate(i, "internal.corp"), CancellationToken.None)));
        await IssuedAsync(consumer, count, "internal-ca");
        Console.WriteLine($"{count} Certificates placed on internal-ca in {clock.Elapsed.TotalSeconds:F1} s");

        // Round 1: every Certificate moves without stages (the Migration is the only record of it).
        var passesBefore = passes.Of("migrations");
        var plain = await MoveAsync(client, consumer, count, "corp.com", "external-ca", writes, actor: null);
        var plainPasses = passes.Of("migrations");
        Console.WriteLine($"round 1, {count} moves without stages: {plain.Seconds:F1} s, {plain.Writes} writes ({(double)plain.Writes / count:F1} per move), CPU {plain.Cpu.TotalMilliseconds / count:F1} ms per move");

        // Round 2: back, with two stages completed by the actor.
        await ApplyAsync(platform, Configuration());
        await Task.Delay(TimeSpan.FromSeconds(1)); // the broker's informer sees the configuration (no status to wait on)
        var actor = new StageActor(platform);
        var staged = await MoveAsync(client, consumer, count, "internal.corp", "internal-ca", writes, actor);
        var perStage = (double)(staged.Writes - plain.Writes - actor.Patches) / (2 * count);
        Console.WriteLine($"round 2, {count} moves with 2 stages: {staged.Seconds:F1} s, {staged.Writes} writes ({(double)staged.Writes / count:F1} per move; of them the actor's {actor.Patches})");
        Console.WriteLine($"  added by the stages: {perStage:F1} writes per stage (target <= 10), CPU {(staged.Cpu - plain.Cpu).TotalMilliseconds / (2 * count):F1} ms per stage (whole process: broker, LocalKcp serving the writes, actor)");
        var stagedPasses = passes.Of("migrations");
        Console.WriteLine($"  Migration controller: {(double)(plainPasses.Count - passesBefore.Count) / count:F1} passes per move without stages ({(plainPasses.Seconds - passesBefore.Seconds) * 1000 / count:F2} ms wall each move), "
            + $"{(double)(stagedPasses.Count - plainPasses.Count) / count:F1} with 2 stages ({(stagedPasses.Seconds - plainPasses.Seconds) * 1000 / count:F2} ms wall each move)");
        Console.WriteLine($"  from the actor's last completion to every Migration CutoverCompleted: {staged.AfterActor.TotalSeconds:F2} s (target <= 10 s)");
        foreach (var (kind, n) in staged.ByKind.OrderByDescending(k => k.Value))
        {
            var before = plain.ByKind.GetValueOrDefault(kind);
            Console.WriteLine($"    {kind,-32} {n,6} (without stages {before})");
        }

        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private sealed record Round(double Seconds, int Writes, TimeSpan Cpu, TimeSpan AfterActor, Dictionary<string, int> ByKind);

    private static async Task<Round> MoveAsync(
        KcpClient client, ClusterClient consumer, int count, string suffix, string ca, ConcurrentDictionary<string, int> writes, StageActor? actor)
    {
        using var process = Process.GetCurrentProcess();
        var before = new Dictionary<string, int>(writes, StringComparer.Ordinal);
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => consumer.PatchAsync(Certificates, "default", Name(i), PatchType.Merge,
            new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = $"{Name(i)}.{suffix}" } }, CancellationToken.None)));
        var acting = actor?.RunAsync(2 * count) ?? Task.CompletedTask;
        await acting;
        var lastAction = clock.Elapsed;
        await Eventually.GetAsync($"{count} Migrations CutoverCompleted", async () =>
        {
            var migrations = (await client.Cluster(DemoEnvironment.PlatformPath).ListAllAsync(Migrations, "default", null, CancellationToken.None)).Items;
            return migrations.Count(m => (string?)m["status"]?["state"] == "CutoverCompleted") >= (actor is null ? count : 2 * count) ? "" : null;
        }, TimeSpan.FromMinutes(5));
        var afterActor = clock.Elapsed - lastAction;
        await IssuedAsync(consumer, count, ca);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the old copies' deletion and the staging workspaces' collection
        var seconds = clock.Elapsed.TotalSeconds - 2;
        process.Refresh();
        var byKind = writes.ToDictionary(w => w.Key, w => w.Value - before.GetValueOrDefault(w.Key), StringComparer.Ordinal);
        return new Round(seconds, byKind.Values.Sum(), process.TotalProcessorTime - cpu, afterActor, byKind.Where(k => k.Value > 0).ToDictionary(StringComparer.Ordinal));
    }

    /// <summary>Completes each stage as soon as its ConfigMap appears: sets data.done (stage copy) or data.approved (stage approve).</summary>
    private sealed class StageActor(ClusterClient platform)
    {
        private readonly HashSet<string> _done = new(StringComparer.Ordinal);

        public int Patches => _done.Count;

        public async Task RunAsync(int stages)
        {
            var deadline = Stopwatch.StartNew();
            while (_done.Count < stages && deadline.Elapsed < TimeSpan.FromMinutes(5))
            {
                var pending = (await platform.ListAllAsync(ConfigMaps, "default", new ListOptions { LabelSelector = StageLabel }, CancellationToken.None)).Items
                    .Where(c => !_done.Contains(KubeObject.Name(c)))
                    .ToList();
                await Task.WhenAll(pending.Select(async c =>
                {
                    var key = KubeObject.Label(c, StageLabel) == "copy" ? "done" : "approved";
                    await platform.PatchAsync(ConfigMaps, "default", KubeObject.Name(c), PatchType.Merge, new JsonObject { ["data"] = new JsonObject { [key] = "true" } }, CancellationToken.None);
                }));
                foreach (var c in pending)
                {
                    _done.Add(KubeObject.Name(c));
                }

                await Task.Delay(50);
            }
        }
    }

    private static JsonObject Configuration()
    {
        var gvk = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        JsonObject Stage(string name, string key, string flag, bool progress, params string[] preconditions) => new()
        {
            ["name"] = name,
            ["progress"] = progress,
            ["preconditions"] = new JsonArray([.. preconditions.Select(p => (JsonNode)p)]),
            ["templates"] = new JsonObject
            {
                [key] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["data"] = new JsonObject { ["from"] = "${from.spec.fqdn}", ["to"] = "${to.spec.fqdn}", [flag] = "false" },
                },
            },
            ["successConditions"] = new JsonArray($"{key}.data.{flag} == 'true'"),
        };
        return new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "MigrationConfiguration",
            ["metadata"] = new JsonObject { ["name"] = "certificates", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["from"] = gvk.DeepClone(),
                ["to"] = gvk.DeepClone(),
                ["stages"] = new JsonArray(Stage("copy", "copy", "done", true, "to.status.status == 'Available'"), Stage("approve", "approval", "approved", false)),
            },
        };
    }

    private static async Task ApplyAsync(ClusterClient platform, JsonObject obj) =>
        await platform.CreateAsync(new GroupVersionResource("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations"), "default", obj, CancellationToken.None);

    private static Task IssuedAsync(ClusterClient consumer, int count, string ca) =>
        Eventually.GetAsync($"{count} Secrets issued by {ca}", async () =>
        {
            var secrets = (await consumer.ListAllAsync(Secrets, "default", null, CancellationToken.None)).Items;
            var issued = secrets.Count(s => s["data"]?["tls.crt"] is JsonValue crt && IssuedBy((string)crt!, ca));
            return issued >= count ? "" : null;
        }, TimeSpan.FromMinutes(5));

    private static bool IssuedBy(string base64, string ca)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        return certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true) == ca;
    }

    private static string Name(int i) => $"app{i:D3}";

    private static JsonObject Certificate(int i, string suffix) => new()
    {
        ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject { ["name"] = Name(i), ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["fqdn"] = $"{Name(i)}.{suffix}" },
    };
}
