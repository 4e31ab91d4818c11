using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Core.Yaml;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Workspaces;
using Broker.Runtime.Metrics;
using Broker.Testing;
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

    private CancellationTokenSource _stop = new();
    private readonly Meter _meter;
    private Task _broker = Task.CompletedTask;

    private BrokeringEnvironment(LocalKcpFixture kcp, KcpClient client)
    {
        Kcp = kcp;
        Client = client;
        var meterName = $"broker-tests.{Guid.NewGuid():N}"; // this environment's figures only
        _meter = new Meter(meterName);
        Metrics = new PrometheusExporter(meterName);
    }

    /// <summary>The broker's metrics as <c>/metrics</c> serves them.</summary>
    public PrometheusExporter Metrics { get; }

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
        var environment = new BrokeringEnvironment(kcp, client);
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

    public void StartBroker(TimeSpan cutoverTimeout, TimeSpan? stagingWarningAfter = null)
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource(); // a cancelled source cannot be reset
        var options = new BrokerOptions
        {
            PlatformWorkspace = ClusterPath.Parse("root:platform"), CutoverTimeout = cutoverTimeout, Workers = 4, DiscoveryInterval = TimeSpan.FromMilliseconds(300),
            StagingWarningAfter = stagingWarningAfter ?? TimeSpan.FromMinutes(1),
        };
        Broker = new BrokerService(Client, options, TimeProvider.System, LoggerFactory, _meter);
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
        Metrics.Dispose();
        _meter.Dispose();
        _stop.Dispose();
    }

    private static ILoggerFactory LoggerFactory { get; } =
        Environment.GetEnvironmentVariable("BROKER_TEST_LOGS") == "1"
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug))
            : NullLoggerFactory.Instance;

    private static JsonArray AcceptedClaims() => new(
        Claim("secrets"), Claim("namespaces"), Claim("events"));

    private static JsonObject Claim(string resource) => new()
    {
        ["group"] = "",
        ["resource"] = resource,
        ["verbs"] = new JsonArray("*"),
        ["selector"] = new JsonObject { ["matchAll"] = true },
        ["state"] = "Accepted",
    };

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
