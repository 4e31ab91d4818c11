using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;

namespace Broker.Benchmarks.Persistence;

/// <summary>
/// What persistence costs LocalKcp (issue 18): creates per second memory-only and with the SQLite store, in the same
/// run (over HTTPS/2 with 16 in flight, and in-process through ResourceService), and the time a restart over
/// <c>objects</c> stored objects takes until it answers. Run: <c>persistence [creates=20000] [objects=100000]</c>.
/// </summary>
internal static class PersistenceScenario
{
    private const int Concurrency = 16;

    public static async Task RunAsync(string[] args)
    {
        var creates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var objects = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        Console.WriteLine($"LocalKcp persistence: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

        // Alternate the modes twice so that neither gets all of a noisy neighbour's quiet moments.
        var rates = new Dictionary<(bool Ephemeral, string Path), List<double>>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var ephemeral in (bool[])[true, false])
            {
                var (http, inProcess) = await MeasureCreatesAsync(ephemeral, creates);
                Add(rates, (ephemeral, "https"), http);
                Add(rates, (ephemeral, "in-process"), inProcess);
            }
        }

        foreach (var path in (string[])["https", "in-process"])
        {
            var memory = rates[(true, path)].Max();
            var persistent = rates[(false, path)].Max();
            Console.WriteLine($"creates/s {path,-10}  memory-only {memory,8:N0}  persistent {persistent,8:N0}  ratio {persistent / memory:P0} (target >= 50%)  best of {rates[(true, path)].Count} rounds of {creates:N0}");
        }

        await MeasureRestartAsync(objects);
    }

    private static async Task<(double Https, double InProcess)> MeasureCreatesAsync(bool ephemeral, int creates)
    {
        var directory = NewDirectory();
        try
        {
            await using var server = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory, Ephemeral = ephemeral });
            await server.StartAsync(CancellationToken.None);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            using var client = new HttpClient(handler)
            {
                BaseAddress = new Uri(server.Url, "clusters/root/api/v1/namespaces/default/"),
                DefaultRequestVersion = HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            client.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
            for (var i = 0; i < 500; i++)
            {
                await PostAsync(client, $"warmup-{i}");
            }

            var next = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= creates)
                {
                    await PostAsync(client, $"http-{i}");
                }
            }));
            var https = creates / stopwatch.Elapsed.TotalSeconds;

            stopwatch.Restart();
            CreateInProcess(server.ControlPlane, "direct", creates);
            await server.ControlPlane.WhenDurableAsync(CancellationToken.None);
            return (https, creates / stopwatch.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureRestartAsync(int objects)
    {
        var directory = NewDirectory();
        try
        {
            await using (var server = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory }))
            {
                await server.StartAsync(CancellationToken.None);
                CreateInProcess(server.ControlPlane, "stored", objects);
            }

            var bytes = Directory.GetFiles(Path.Combine(directory, "store")).Sum(f => new FileInfo(f).Length);
            var stopwatch = Stopwatch.StartNew();
            await using var restarted = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory });
            await restarted.StartAsync(CancellationToken.None);
            using var client = restarted.CreateHttpClient("clusters/root");
            using var response = await client.GetAsync(new Uri("api/v1/namespaces/default/configmaps/stored-0", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            stopwatch.Stop();
            Console.WriteLine($"restart over {restarted.ControlPlane.Shards[0].Store.Count:N0} stored objects ({bytes / 1048576.0:N1} MiB on disk): {stopwatch.Elapsed.TotalSeconds:N2} s until the first GET answers (target < 5 s)");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void CreateInProcess(ControlPlane plane, string prefix, int count)
    {
        var configMaps = plane.Resource(plane.Root, "", "v1", "configmaps");
        var writers = Environment.ProcessorCount;
        Parallel.For(0, writers, w =>
        {
            for (var i = w; i < count; i += writers)
            {
                plane.Resources.Create(plane.Root, configMaps, "default", ConfigMap($"{prefix}-{i}"));
            }
        });
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["data"] = new JsonObject { ["key"] = "value", ["size"] = "small" },
    };

    private static async Task PostAsync(HttpClient client, string name)
    {
        using var content = new StringContent(ConfigMap(name).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("configmaps", UriKind.Relative), content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void Add(Dictionary<(bool, string), List<double>> rates, (bool, string) key, double value)
    {
        if (!rates.TryGetValue(key, out var list))
        {
            rates[key] = list = [];
        }

        list.Add(value);
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "localkcp-persistence-" + Guid.NewGuid().ToString("N")[..8]);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
