using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Core.Api.Meta;
using Broker.Core.Yaml;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Workspaces;
using Broker.Testing;
using Broker.Testing.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Controllers.Tests;

/// <summary>
/// LocalKcp with the kcp-certs topology: root:platform (the contrib/kcp exports), two providers with
/// their own certificates export and a suffix AcceptAPI each, a consumer bound to certificates; and a
/// broker running against it.
/// </summary>
internal sealed class BrokeringEnvironment : IAsyncDisposable
{
    public static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    public static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    public static readonly GroupVersionResource CoreEvents = new("", "v1", "events");
    public static readonly GroupVersionResource Placements = new("broker.platform-mesh.io", "v1alpha1", "placements", Namespaced: false);
    public static readonly GroupVersionResource AcceptApiResource = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    public static readonly GroupVersionResource MigrationsResource = new("broker.platform-mesh.io", "v1alpha1", "migrations");
    public static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private CancellationTokenSource _stop = new();
    private Task _broker = Task.CompletedTask;

    private BrokeringEnvironment(LocalKcpFixture kcp, KcpClient client, ScrapedMeter metrics)
    {
        Kcp = kcp;
        Client = client;
        Metrics = metrics;
    }

    /// <summary>The broker's metrics (this environment's only), served on <c>/metrics</c> as a broker serves them.</summary>
    public ScrapedMeter Metrics { get; }

    public LocalKcpFixture Kcp { get; }

    public KcpClient Client { get; }

    public LogicalClusterInfo Platform { get; private set; } = null!;

    public Dictionary<string, LogicalClusterInfo> Providers { get; } = new(StringComparer.Ordinal);

    public LogicalClusterInfo Consumer { get; private set; } = null!;

    public BrokerService Broker { get; private set; } = null!;

    public ClusterClient ConsumerClient => Client.Cluster(Consumer.Path);

    public static async Task<BrokeringEnvironment> StartAsync(TimeSpan? cutoverTimeout = null, int shards = 1, CancellationToken cancellationToken = default)
    {
        var kcp = await LocalKcpFixture.StartAsync(cancellationToken, o => o with { Shards = shards });
        var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var environment = new BrokeringEnvironment(kcp, client, await ScrapedMeter.StartAsync(cancellationToken));
        await environment.BuildAsync(cancellationToken);
        environment.StartBroker(cutoverTimeout ?? TimeSpan.FromMinutes(10));
        return environment;
    }

    public async Task<LogicalClusterInfo> AddConsumerAsync(string path, CancellationToken cancellationToken, string? shard = null)
    {
        var consumer = await Kcp.Bootstrap.CreateWorkspaceAsync(path, cancellationToken, shard);
        await Kcp.Bootstrap.BindAsync(consumer, "root:platform", "certificates", cancellationToken, acceptedClaims: AcceptedClaims());
        return consumer;
    }

    public async Task<LogicalClusterInfo> AddProviderAsync(string name, string suffix, CancellationToken cancellationToken, int priority = 0)
    {
        var provider = await Kcp.Bootstrap.CreateWorkspaceAsync("root:providers:" + name, cancellationToken);
        Apply(provider, "apiresourceschema-certificates.yaml");
        Apply(provider, "apiexport-certificates.yaml");
        await Kcp.Bootstrap.BindAsync(provider, "root:platform", "acceptapis", cancellationToken);
        Kcp.Bootstrap.Apply(provider, AcceptApi(name + "-certs", suffix, priority));
        Providers[name] = provider;
        return provider;
    }

    public static readonly GroupVersionResource VendorCertificates = new("vendor.example.com", "v1alpha1", "vendorcertificates");

    /// <summary>A second vendor kind, served only where a test adds it (<see cref="AddVendorKeysAsync"/>).</summary>
    public static readonly GroupVersionResource VendorKeys = new("vendor.example.com", "v1alpha1", "vendorkeys");

    /// <summary>The demo's vendor-ca: its own VendorCertificate export and the translating AcceptAPI of examples/kcp-certs/vendor-ca,
    /// with <paramref name="acceptApi"/> to change it (e.g. break it).</summary>
    public async Task<LogicalClusterInfo> AddVendorProviderAsync(CancellationToken cancellationToken, Func<JsonObject, JsonObject>? acceptApi = null)
    {
        var provider = await Kcp.Bootstrap.CreateWorkspaceAsync("root:providers:vendor-ca", cancellationToken);
        foreach (var file in new[] { "apiresourceschema-vendorcertificates.yaml", "apiexport-vendor-certificates.yaml", "acceptapi.yaml" })
        {
            foreach (var document in YamlJson.ReadDocuments(File.ReadAllText(RepositoryRoot.Combine("examples", "kcp-certs", "vendor-ca", file))))
            {
                var obj = document.AsObject();
                if ((string?)obj["kind"] == "AcceptAPI")
                {
                    await Kcp.Bootstrap.BindAsync(provider, "root:platform", "acceptapis", cancellationToken);
                    obj["metadata"]!["namespace"] = "default";
                    obj = acceptApi?.Invoke(obj) ?? obj;
                }

                Kcp.Bootstrap.Apply(provider, obj);
            }
        }

        Providers["vendor-ca"] = provider;
        return provider;
    }

    /// <summary>Makes vendor-ca's export serve a second kind, VendorKey (the VendorCertificate schema renamed), so an AcceptAPI
    /// can translate to it. Before any copy is made: the staging workspaces bind the export as it is then.</summary>
    public void AddVendorKeys()
    {
        var vendor = Providers["vendor-ca"];
        var folder = RepositoryRoot.Combine("examples", "kcp-certs", "vendor-ca");
        var schema = YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(folder, "apiresourceschema-vendorcertificates.yaml")))[0].AsObject();
        schema["metadata"] = new JsonObject { ["name"] = "v1.vendorkeys.vendor.example.com" };
        schema["spec"]!["names"] = new JsonObject { ["kind"] = "VendorKey", ["listKind"] = "VendorKeyList", ["plural"] = "vendorkeys", ["singular"] = "vendorkey" };
        Kcp.Bootstrap.Apply(vendor, schema);
        var export = YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(folder, "apiexport-vendor-certificates.yaml")))[0].AsObject();
        export["spec"]!["resources"]!.AsArray().Add(new JsonObject
        {
            ["group"] = "vendor.example.com", ["name"] = "vendorkeys", ["schema"] = "v1.vendorkeys.vendor.example.com", ["storage"] = new JsonObject { ["crd"] = new JsonObject() },
        });
        Kcp.Bootstrap.Apply(vendor, export);
    }

    /// <summary>A second export of <paramref name="provider"/>'s Certificates, under another name.</summary>
    public void AddCertificatesExport(string provider, string exportName)
    {
        var export = YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(ContribDirectory, "apiexport-certificates.yaml")))[0].AsObject();
        export["metadata"] = new JsonObject { ["name"] = exportName };
        Kcp.Bootstrap.Apply(Providers[provider], export);
    }

    public static JsonObject AcceptApi(string name, string suffix, int priority = 0) => new()
    {
        ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
        ["kind"] = "AcceptAPI",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["gvr"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["resource"] = "certificates" },
            ["apiExportName"] = "certificates",
            ["priority"] = priority,
            ["filters"] = new JsonArray(new JsonObject { ["key"] = "spec.fqdn", ["suffix"] = suffix }),
        },
    };

    /// <summary>A MigrationConfiguration for Certificates (from and to the same kind) with <paramref name="stages"/>, in the platform's default namespace.</summary>
    public static JsonObject MigrationConfiguration(string name, params JsonObject[] stages)
    {
        var gvk = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        var spec = new JsonObject { ["from"] = gvk.DeepClone(), ["to"] = gvk.DeepClone() };
        if (stages.Length > 0)
        {
            spec["stages"] = new JsonArray([.. stages]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "MigrationConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    /// <summary>A stage named "approve" whose ConfigMap "approval" holds <paramref name="data"/> and succeeds once a
    /// person sets its data.approved to "true".</summary>
    public static JsonObject ApprovalStage(JsonObject data)
    {
        data["approved"] = "false";
        return new JsonObject
        {
            ["name"] = "approve",
            ["templates"] = new JsonObject { ["approval"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["data"] = data } },
            ["successConditions"] = new JsonArray("approval.data.approved == 'true'"),
        };
    }

    /// <summary>The platform workspace's Migrations.</summary>
    public async Task<List<JsonObject>> MigrationsAsync() =>
        [.. (await Client.Cluster("root:platform").ListAllAsync(MigrationsResource, "default", null, CancellationToken.None)).Items];

    public static JsonObject Certificate(string name, string fqdn, string ns = "default") => new()
    {
        ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["fqdn"] = fqdn },
    };

    public async Task StopBrokerAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _broker;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public void StartBroker(TimeSpan cutoverTimeout, TimeSpan? stagingWarningAfter = null) =>
        StartBroker(o => o with { CutoverTimeout = cutoverTimeout, StagingWarningAfter = stagingWarningAfter ?? TimeSpan.FromMinutes(1) });

    /// <summary>Starts the broker with the tests' options (4 workers, quick rediscovery) as <paramref name="configure"/> changes them.</summary>
    public void StartBroker(Func<BrokerOptions, BrokerOptions> configure)
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource(); // a cancelled source cannot be reset
        var options = configure(new BrokerOptions
        {
            PlatformWorkspace = ClusterPath.Parse("root:platform"), Workers = 4, DiscoveryInterval = TimeSpan.FromMilliseconds(300),
        });
        Broker = new BrokerService(Client, options, TimeProvider.System, LoggerFactory, Metrics.Meter);
        _broker = Task.Run(() => Broker.RunAsync(_stop.Token));
    }

    /// <summary>Polls until <paramref name="probe"/> yields a value (see <see cref="Eventually"/>).</summary>
    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class => Eventually.GetAsync(what, probe, timeout);

    public async Task<JsonObject?> TryGetAsync(ClusterClient cluster, GroupVersionResource resource, string? ns, string name)
    {
        try
        {
            return await cluster.GetAsync(resource, ns, name, CancellationToken.None);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopBrokerAsync();
        Client.Dispose();
        await Kcp.DisposeAsync();
        await Metrics.DisposeAsync();
        _stop.Dispose();
    }

    public static JsonObject? Condition(JsonObject? obj, string type) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static string? SecretText(JsonObject? secret) =>
        (string?)secret?["data"]?["tls.crt"] is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : null;

    public async Task SettledOnAsync(string name, string provider, string? fqdn = null)
    {
        fqdn ??= (string?)(await ConsumerClient.GetAsync(Certificates, "default", name, CancellationToken.None))["spec"]!["fqdn"];
        await EventuallyAsync(async () =>
        {
            var certificate = await TryGetAsync(ConsumerClient, Certificates, "default", name);
            var secret = await TryGetAsync(ConsumerClient, Secrets, "default", name);
            var placed = Condition(certificate, "Placed");
            return (string?)placed?["status"] == "True" && ((string?)placed!["message"])!.Contains(provider, StringComparison.Ordinal)
                && SecretText(secret) == FakeIssuer.SecretText(provider, fqdn!) ? "" : null;
        }, $"{name} settled on {provider}");
    }

    /// <summary>The consumer's Secret every 50 ms for <paramref name="duration"/> (or until it reads <paramref name="until"/>); absent fails.</summary>
    public async Task<List<string?>> PollSecretAsync(string name, TimeSpan duration, string? until)
    {
        var seen = new List<string?>();
        var deadline = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < deadline)
        {
            var secret = await TryGetAsync(ConsumerClient, Secrets, "default", name);
            secret.ShouldNotBeNull($"the Secret was absent after {seen.Count} polls");
            seen.Add(SecretText(secret));
            if (until is not null && seen[^1] == until)
            {
                break;
            }

            await Task.Delay(50);
        }

        return seen;
    }

    public async Task SetFqdnAsync(string name, string fqdn)
    {
        // As a user would with kubectl patch: the broker writes the same object (finalizer, status), so a GET+PUT could conflict.
        await ConsumerClient.PatchAsync(Certificates, "default", name, PatchType.Merge, new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = fqdn } }, CancellationToken.None);
    }

    public static readonly (string, string) CertificatesLabel = ("resource", "certificates.example.platform-mesh.io");
    public static readonly (string, string) InternalCa = ("provider", "root:providers:internal-ca");

    // The Placement gauge counts records as the cache holds them, which follows the broker's writes a moment later.
    public Task MetricEventuallyAsync(string name, double value, params (string, string)[] labels) =>
        EventuallyAsync(async () => (await Metrics.ScrapeAsync()).Value(name, labels) == value ? name : null, $"{name} {value} with {string.Join(", ", labels)}");

    public async Task<List<JsonObject>> EventsAsync(string name) =>
        [.. (await ConsumerClient.ListAllAsync(CoreEvents, "default", null, CancellationToken.None)).Items.Where(e => (string?)e["involvedObject"]?["name"] == name)];

    public async Task<JsonObject?> PlacementAsync() =>
        (await Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.SingleOrDefault();

    public async Task<List<string>> StagingWorkspacesAsync() =>
        [.. (await Client.Cluster("root:platform").ListAllAsync(new GroupVersionResource("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false), null, null, CancellationToken.None)).Items
            .Where(w => w["metadata"]?["deletionTimestamp"] is null && KubeObject.Name(w).StartsWith("staging-", StringComparison.Ordinal))
            .Select(KubeObject.Name)];

    private static ILoggerFactory LoggerFactory { get; } =
        Environment.GetEnvironmentVariable("BROKER_TEST_LOGS") == "1"
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug))
            : NullLoggerFactory.Instance;

    private static JsonArray AcceptedClaims() => Testing.Kcp.AcceptedClaims.Core("secrets", "namespaces", "events");

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        Platform = await Kcp.Bootstrap.CreateWorkspaceAsync("root:platform", cancellationToken);
        foreach (var file in Directory.GetFiles(ContribDirectory, "apiresourceschema-*.yaml").Concat(Directory.GetFiles(ContribDirectory, "apiexport-*.yaml")))
        {
            Apply(Platform, Path.GetFileName(file));
        }

        await Kcp.Bootstrap.BindAsync(Platform, "root:platform", "coordination", cancellationToken);
        await AddProviderAsync("internal-ca", "internal.corp", cancellationToken);
        await AddProviderAsync("external-ca", "corp.com", cancellationToken);
        Consumer = await AddConsumerAsync("root:consumer", cancellationToken);
    }

    private void Apply(LogicalClusterInfo cluster, string contribFile)
    {
        foreach (var document in YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(ContribDirectory, contribFile))))
        {
            Kcp.Bootstrap.Apply(cluster, document.AsObject());
        }
    }

    private static string ContribDirectory { get; } = RepositoryRoot.Combine("contrib", "kcp");
}
