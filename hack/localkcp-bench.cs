#:property PublishAot=false
#:property TreatWarningsAsErrors=true
#:project ../src/Broker.LocalKcp/Broker.LocalKcp.csproj

// LocalKcp load figures (issue 3, item h): creates per second (over HTTPS and in-process), watch events per
// second delivered to one wildcard watcher, memory per stored object at 100,000 objects; and (issue 18) the same
// creates with persistence, and a restart over `objects` stored objects.
// Run: hack/bench-localkcp.sh [objects=100000] [httpCreates=20000] [concurrency=16]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Storage;

var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var httpCreates = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var directory = Path.Combine(Path.GetTempPath(), "localkcp-bench-" + Guid.NewGuid().ToString("N")[..8]);

await using var server = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory, Ephemeral = true });
await server.StartAsync(CancellationToken.None);
var plane = server.ControlPlane;
var root = plane.Root;
var configMaps = plane.Resource(root, "", "v1", "configmaps");
var namespaces = plane.Resource(root, "", "v1", "namespaces");
foreach (var ns in (string[])["http", "watch", "memory"])
{
    plane.Resources.Create(root, namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
}

Console.WriteLine($"LocalKcp benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

// 1. Creates per second over HTTPS, HTTP/1.1 (`concurrency` connections) and HTTP/2 (one multiplexed connection), as
//    shard-admin (system:masters: authorization stops at the first check); then HTTP/2 as kcp-admin (workspace access and
//    RBAC through the bootstrap policy) and as a user holding a RoleBinding in the namespace (the workspace's own RBAC).
foreach (var version in (Version[])[HttpVersion.Version11, HttpVersion.Version20])
{
    var (rate, elapsed) = await HttpCreatesAsync(server, version, $"h{version.Major}");
    Console.WriteLine($"creates/s over HTTPS/{version.Major} as shard-admin: {rate,10:N0}  ({httpCreates:N0} ConfigMaps, {concurrency} in flight, {elapsed.TotalSeconds:N2} s)");
}

var rbac = plane.Resource(root, "rbac.authorization.k8s.io", "v1", "rolebindings");
plane.Resources.Create(root, rbac, "http", (JsonObject)JsonNode.Parse("""
    {"metadata": {"name": "bench-edit", "namespace": "http"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
     "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "bench-user"}]}
    """)!);
foreach (var (user, token) in new[] { ("kcp-admin", server.KcpAdminToken), ("bench-user", server.Tokens.AddUser("bench-user", [])) })
{
    var (rate, elapsed) = await HttpCreatesAsync(server, HttpVersion.Version20, $"h2-{user}", token);
    Console.WriteLine($"creates/s over HTTPS/2 as {user,-11}: {rate,10:N0}  ({httpCreates:N0} ConfigMaps, {concurrency} in flight, {elapsed.TotalSeconds:N2} s)");
}

// 1b. The authorizer alone: decisions per second for a user whose rules come from a RoleBinding (cached rules).
{
    var user = new Broker.LocalKcp.Security.UserInfo("bench-user", []);
    var request = Broker.LocalKcp.Security.Authorization.RequestAttributes.ForResource("create", "", "configmaps", "", "http", "");
    var decisions = 2_000_000;
    var stopwatch = Stopwatch.StartNew();
    for (var i = 0; i < decisions; i++)
    {
        if (!plane.Authorizer.Allows(user, root, request))
        {
            throw new InvalidOperationException("bench-user may create ConfigMaps in http");
        }
    }

    stopwatch.Stop();
    Console.WriteLine($"authorizer decisions/s:    {decisions / stopwatch.Elapsed.TotalSeconds,10:N0}  ({stopwatch.Elapsed.TotalNanoseconds / decisions:N0} ns each, one thread, cached rules)");
}

// 2. Watch events per second to one wildcard watcher: live (writers racing the watcher on the same cores)
//    and delivery alone (events queued first, then streamed as fast as the watcher reads).
{
    using var handler = new SocketsHttpHandler();
    handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
    using var client = new HttpClient(handler) { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan };
    client.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
    var half = objects / 2;

    var live = await OpenWatchAsync(client, plane.Shards[0].Store.Revision);
    var liveWatch = Stopwatch.StartNew();
    var liveReceive = ReadEventsAsync(live, half);
    var createWatch = Stopwatch.StartNew();
    await CreateManyAsync(plane, root, configMaps, "watch", "live", half);
    createWatch.Stop();
    var liveCount = await liveReceive;
    liveWatch.Stop();
    Console.WriteLine($"creates/s in-process:      {half / createWatch.Elapsed.TotalSeconds,10:N0}  ({half:N0} ConfigMaps through ResourceService, {Environment.ProcessorCount} writers, watcher attached)");
    Console.WriteLine($"watch events/s, live:      {liveCount / liveWatch.Elapsed.TotalSeconds,10:N0}  ({liveCount:N0} events to one /clusters/* watcher while writing)");

    var queued = await OpenWatchAsync(client, plane.Shards[0].Store.Revision);
    await CreateManyAsync(plane, root, configMaps, "watch", "queued", half);
    var deliveryWatch = Stopwatch.StartNew();
    var queuedCount = await ReadEventsAsync(queued, half);
    deliveryWatch.Stop();
    Console.WriteLine($"watch events/s, delivery:  {queuedCount / deliveryWatch.Elapsed.TotalSeconds,10:N0}  ({queuedCount:N0} queued events streamed to one /clusters/* watcher)");
    live.Dispose();
    queued.Dispose();
}

// 3. Memory per stored object at `objects` objects: managed heap growth minus the objects' own JSON.
{
    var store = plane.Shards[0].Store;
    var before = Heap();
    var countBefore = store.Count;
    for (var i = 0; i < objects; i++)
    {
        plane.Resources.Create(root, configMaps, "memory", ConfigMap($"m-{i}"));
    }

    // The watch history keeps the last events alive either way; drop nothing, measure what a server holds.
    var after = Heap();
    var stored = store.List(new StorageKey("", "configmaps"), "root", "memory").Items;
    var jsonBytes = stored.Sum(o => (long)o.Json.Length);
    var perObject = (after - before) / (double)stored.Count;
    var overhead = (after - before - jsonBytes) / (double)stored.Count;
    Console.WriteLine($"memory per object:         {perObject,10:N0} B  ({stored.Count:N0} objects added to a store already holding {countBefore:N0}; {jsonBytes / (double)stored.Count:N0} B of JSON each)");
    Console.WriteLine($"overhead per object:       {overhead,10:N0} B  beyond its JSON (target < 2,048 B)");
}

// 4. Persistence (issue 18): creates over HTTPS/2 against a fresh memory-only LocalKcp and a fresh persistent one
//    (acknowledged once committed), alternately in five rounds so that both see the same load on a shared machine,
//    compared by their medians; in-process creates until committed; a restart over `objects` stored objects.
{
    var persistentDirectory = directory + "-persistent";
    await using (var memoryOnly = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory + "-memory", Ephemeral = true }))
    await using (var persistent = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = persistentDirectory }))
    {
        var (memoryHttp, persistentHttp) = (new List<double>(), new List<double>());
        foreach (var target in (LocalKcpServer[])[memoryOnly, persistent])
        {
            await target.StartAsync(CancellationToken.None);
            target.ControlPlane.Resources.Create(target.ControlPlane.Root, target.ControlPlane.Resource(target.ControlPlane.Root, "", "v1", "namespaces"), null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "http" } });
        }

        for (var round = 1; round <= 5; round++)
        {
            memoryHttp.Add((await HttpCreatesAsync(memoryOnly, HttpVersion.Version20, $"m{round}")).Rate);
            persistentHttp.Add((await HttpCreatesAsync(persistent, HttpVersion.Version20, $"p{round}")).Rate);
        }

        var (memoryMedian, persistentMedian) = (memoryHttp.Order().ElementAt(2), persistentHttp.Order().ElementAt(2));
        Console.WriteLine($"creates/s over HTTPS/2, persistent: {persistentMedian,10:N0}  (memory-only {memoryMedian:N0}, alternating, median of 5 each: {persistentMedian / memoryMedian:P0}; target >= 50%)");
        var ratios = memoryHttp.Zip(persistentHttp, (m, p) => p / m).Order().ToList();
        Console.WriteLine($"  rounds memory-only / persistent: {string.Join(", ", memoryHttp.Zip(persistentHttp, (m, p) => $"{m:N0} / {p:N0}"))}; median of the rounds' ratios {ratios[2]:P0}");

        var memoryWatch = Stopwatch.StartNew();
        await CreateManyAsync(memoryOnly.ControlPlane, memoryOnly.ControlPlane.Root, memoryOnly.ControlPlane.Resource(memoryOnly.ControlPlane.Root, "", "v1", "configmaps"), "http", "direct", httpCreates);
        var memoryRate = httpCreates / memoryWatch.Elapsed.TotalSeconds;
        var proot = persistent.ControlPlane.Root;
        var persistentWatch = Stopwatch.StartNew();
        await CreateManyAsync(persistent.ControlPlane, proot, persistent.ControlPlane.Resource(proot, "", "v1", "configmaps"), "http", "direct", httpCreates);
        await persistent.ControlPlane.WhenDurableAsync(CancellationToken.None);
        var persistentRate = httpCreates / persistentWatch.Elapsed.TotalSeconds;
        Console.WriteLine($"creates/s in-process, committed:    {persistentRate,10:N0}  (memory-only {memoryRate:N0}: {persistentRate / memoryRate:P0})");

        await CreateManyAsync(persistent.ControlPlane, proot, persistent.ControlPlane.Resource(proot, "", "v1", "configmaps"), "http", "stored", objects);
    }

    var bytes = Directory.GetFiles(Path.Combine(persistentDirectory, "store")).Sum(f => new FileInfo(f).Length);
    var restart = Stopwatch.StartNew();
    await using (var restarted = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = persistentDirectory }))
    {
        await restarted.StartAsync(CancellationToken.None);
        using var client = restarted.CreateHttpClient("clusters/root");
        (await client.GetAsync(new Uri("api/v1/namespaces/http/configmaps/stored-0", UriKind.Relative))).EnsureSuccessStatusCode();
        Console.WriteLine($"restart over {restarted.ControlPlane.Shards[0].Store.Count:N0} objects:  {restart.Elapsed.TotalSeconds,6:N2} s  until the first GET answers ({bytes / 1048576.0:N1} MiB on disk; target < 5 s)");
    }

    Directory.Delete(persistentDirectory, recursive: true);
    if (Directory.Exists(directory + "-memory"))
    {
        Directory.Delete(directory + "-memory", recursive: true);
    }
}

await server.StopAsync(CancellationToken.None);
Directory.Delete(directory, recursive: true);

static JsonObject ConfigMap(string name) => new()
{
    ["apiVersion"] = "v1",
    ["kind"] = "ConfigMap",
    ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } },
    ["data"] = new JsonObject { ["key"] = "value", ["size"] = "small" },
};

async Task<(double Rate, TimeSpan Elapsed)> HttpCreatesAsync(LocalKcpServer target, Version version, string prefix, string? token = null)
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
    handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
    using var client = new HttpClient(handler)
    {
        BaseAddress = new Uri(target.Url, "clusters/root/api/v1/namespaces/http/"),
        DefaultRequestVersion = version,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
    client.DefaultRequestHeaders.Authorization = new("Bearer", token ?? target.AdminToken);
    for (var w = 0; w < 500; w++)
    {
        await PostAsync(client, $"{prefix}-warmup-{w}");
    }

    var next = 0;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) <= httpCreates)
        {
            await PostAsync(client, $"{prefix}-cm-{i}");
        }
    }));
    return (httpCreates / stopwatch.Elapsed.TotalSeconds, stopwatch.Elapsed);
}

static async Task PostAsync(HttpClient client, string name)
{
    using var content = new StringContent(ConfigMap(name).ToJsonString(), Encoding.UTF8, "application/json");
    using var response = await client.PostAsync("configmaps", content);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"create {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task<StreamReader> OpenWatchAsync(HttpClient client, long revision)
{
    var response = await client.GetAsync($"clusters/*/api/v1/configmaps?watch=true&resourceVersion={revision}", HttpCompletionOption.ResponseHeadersRead);
    return new StreamReader(await response.Content.ReadAsStreamAsync());
}

static async Task<int> ReadEventsAsync(StreamReader reader, int expected)
{
    var received = 0;
    while (received < expected && await reader.ReadLineAsync() is { } line)
    {
        if (line.Length > 0)
        {
            received++;
        }
    }

    return received;
}

static Task CreateManyAsync(ControlPlane plane, Broker.LocalKcp.Workspaces.LogicalClusterInfo root, Broker.LocalKcp.Discovery.ApiResource resource, string ns, string prefix, int count)
{
    var writers = Environment.ProcessorCount;
    return Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
    {
        for (var i = w; i < count; i += writers)
        {
            plane.Resources.Create(root, resource, ns, ConfigMap($"{prefix}-{i}"));
        }
    })));
}

static long Heap()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}
