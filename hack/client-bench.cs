#:property PublishAot=false
#:property TreatWarningsAsErrors=true
#:project ../src/Broker.LocalKcp/Broker.LocalKcp.csproj
#:project ../src/Broker.Kcp/Broker.Kcp.csproj

// The broker's kcp client against LocalKcp over HTTPS (issue 16: no regression from moving credentials to
// KubernetesClient): sequential GETs (latency), concurrent GETs and creates (throughput), and the bytes the whole process
// allocates per request (client and the in-process, memory-only server together), with a bearer token and, unless --token-only, with
// an exec credential plugin that hands out the same token (cached until it expires, as the client must).
// Run: hack/bench-client.sh [requests=20000] [concurrency=16] [--token-only]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Hosting;

var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var requests = numbers.Length > 0 ? numbers[0] : 20_000;
var concurrency = numbers.Length > 1 ? numbers[1] : 16;
var tokenOnly = args.Contains("--token-only");
var directory = Path.Combine(Path.GetTempPath(), "client-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);

await using var server = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory, Ephemeral = true });
await server.StartAsync(CancellationToken.None);
var configMaps = new GroupVersionResource("", "v1", "configmaps");
Console.WriteLine($"kcp client benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {requests} requests, {concurrency} concurrent");

var kubeconfigs = new List<(string Name, string Path)> { ("token", server.KubeconfigPath) };
if (!tokenOnly)
{
    kubeconfigs.Add(("exec plugin", await ExecKubeconfigAsync(server, directory)));
}

foreach (var (name, path) in kubeconfigs)
{
    using var client = new KcpClient(KubeconfigLoader.Load([path]));
    var root = client.Cluster("root");
    await root.CreateAsync(configMaps, "default", ConfigMap($"probe-{name.Replace(' ', '-')}"), CancellationToken.None);

    // Warm-up: connections, JIT, the plugin's first run.
    await GetsAsync(root, $"probe-{name.Replace(' ', '-')}", 2_000, 1);
    var latencies = await GetsAsync(root, $"probe-{name.Replace(' ', '-')}", Math.Min(requests, 5_000), 1);
    Array.Sort(latencies);
    Console.WriteLine($"{name,-12} sequential GET: mean {latencies.Average():0} µs, p50 {latencies[latencies.Length / 2]:0} µs, p99 {latencies[(int)(latencies.Length * 0.99)]:0} µs");

    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    await GetsAsync(root, $"probe-{name.Replace(' ', '-')}", requests, concurrency);
    var elapsed = clock.Elapsed;
    var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)requests;
    Console.WriteLine($"{name,-12} concurrent GET: {requests / elapsed.TotalSeconds:0} requests/s, {perRequest / 1024:0.0} KiB allocated per request (client and server)");

    clock.Restart();
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) <= requests / 4)
        {
            await root.CreateAsync(configMaps, "default", ConfigMap($"{name.Replace(' ', '-')}-{i}"), CancellationToken.None);
        }
    }));
    Console.WriteLine($"{name,-12} concurrent POST: {requests / 4 / clock.Elapsed.TotalSeconds:0} creates/s");
}

Directory.Delete(directory, recursive: true);

static JsonObject ConfigMap(string name) => new()
{
    ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
    ["metadata"] = new JsonObject { ["name"] = name },
    ["data"] = new JsonObject { ["key"] = new string('x', 256) },
};

// Latencies of `count` GETs, in µs, spread over `workers` concurrent loops.
static async Task<double[]> GetsAsync(ClusterClient root, string name, int count, int workers)
{
    var latencies = new double[count];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await root.GetAsync(new GroupVersionResource("", "v1", "configmaps"), "default", name, CancellationToken.None);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
    }));
    return latencies;
}

// The admin kubeconfig with its user's token replaced by an exec plugin that prints it (expiring in an hour).
static async Task<string> ExecKubeconfigAsync(LocalKcpServer server, string directory)
{
    var text = await File.ReadAllTextAsync(server.KubeconfigPath);
    var token = text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
    var plugin = Path.Combine(directory, "token-plugin.sh");
    var expiry = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    await File.WriteAllTextAsync(plugin,
        $"#!/bin/sh\necho '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{token}\",\"expirationTimestamp\":\"{expiry}\"}}}}'\n");
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
    var exec = $"exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n      interactiveMode: Never";
    var path = Path.Combine(directory, "exec.kubeconfig");
    await File.WriteAllTextAsync(path, text.Replace($"token: {token}", exec, StringComparison.Ordinal));
    return path;
}
