using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Testing;
using KcpCerts.Issuer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Demo.Tests;

/// <summary>A provider workspace serving certificates through its own export, a consumer-like workspace bound to it
/// (claims accepted, as the broker's staging workspaces are), and a running <see cref="CertificateIssuer"/>.</summary>
internal sealed class IssuerFixture : IAsyncDisposable
{
    private readonly IssuerOptions _options;
    private CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private IssuerFixture(LocalKcpFixture kcp, KcpClient admin, IssuerOptions options)
    {
        Kcp = kcp;
        Admin = admin;
        _options = options;
        Issuer = new CertificateIssuer(options);
        _running = Task.Run(() => Issuer.RunAsync(_stop.Token));
    }

    public const string ProviderPath = "root:provider";
    public const string ConsumerPath = "root:staging";
    public const string CaName = "test-ca";

    public LocalKcpFixture Kcp { get; }

    public KcpClient Admin { get; }

    public CertificateIssuer Issuer { get; private set; }

    /// <summary>Where the test plays the consumer: creates Certificates and reads Secrets.</summary>
    public ClusterClient Consumer => Admin.Cluster(ConsumerPath);

    /// <param name="schema">Replaces the Certificate schema from contrib/kcp, e.g. with a laxer one.</param>
    /// <param name="shards">LocalKcp shards; the staging workspace lands on the first.</param>
    /// <param name="vendor">Serve the demo vendor's own VendorCertificate API (export vendor-certificates) instead.</param>
    public static async Task<IssuerFixture> StartAsync(TimeSpan issueDelay, JsonObject? schema = null, int shards = 1, bool vendor = false)
    {
        var export = vendor ? "vendor-certificates" : "certificates";
        var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero, Shards = shards });
        var admin = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var setup = new WorkspaceSetup(admin, TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance);
        await setup.EnsureWorkspaceAsync("root", "provider", CancellationToken.None);
        var manifests = new DemoManifests(RepositoryPaths.Manifests, RepositoryPaths.Example);
        foreach (var manifest in vendor ? manifests.VendorApis() : manifests.CertificateApis())
        {
            var replaced = schema is not null && manifest["kind"]!.GetValue<string>() == "APIResourceSchema" ? WithSchema(manifest, schema) : manifest;
            await setup.ApplyAsync(ProviderPath, replaced, CancellationToken.None);
        }

        await BindConsumerAsync(admin, "staging", "root", export);
        var options = new IssuerOptions(admin, ProviderPath, export, CaName, issueDelay, Path.Combine(kcp.DataDirectory, "issuer"))
        {
            ResyncPeriod = TimeSpan.FromMilliseconds(200),
            Api = vendor ? CertificateApi.Vendor : CertificateApi.Generic,
        };
        return new IssuerFixture(kcp, admin, options);
    }

    /// <summary>Stops the issuer and starts a new one with the same options (and so the same CA on disk).</summary>
    public async Task RestartIssuerAsync()
    {
        await StopIssuerAsync();
        _stop = new CancellationTokenSource();
        Issuer = new CertificateIssuer(_options);
        _running = Task.Run(() => Issuer.RunAsync(_stop.Token));
    }

    /// <summary>Another workspace bound to the provider's export, pinned to <paramref name="shard"/>.</summary>
    public Task<ClusterClient> AddConsumerAsync(string name, string shard) => BindConsumerAsync(Admin, name, shard);

    public static JsonObject Certificate(string name, string? fqdn)
    {
        var spec = new JsonObject();
        if (fqdn is not null)
        {
            spec["fqdn"] = fqdn;
        }

        return new JsonObject
        {
            ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
            ["kind"] = "Certificate",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopIssuerAsync();
        Admin.Dispose();
        await Kcp.DisposeAsync();
    }

    private async Task StopIssuerAsync()
    {
        await _stop.CancelAsync();
        await _running; // RunAsync returns normally on cancellation
        _stop.Dispose();
    }

    private static async Task<ClusterClient> BindConsumerAsync(KcpClient admin, string name, string shard, string export = "certificates")
    {
        // Workspace scheduling onto a named shard is standard kcp API: spec.location.selector.
        var workspace = new JsonObject
        {
            ["apiVersion"] = "tenancy.kcp.io/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["location"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["name"] = shard } } },
            },
        };
        await admin.Cluster("root").CreateAsync(Broker.Kcp.Models.Workspace.Resource, null, workspace, CancellationToken.None);
        var setup = new WorkspaceSetup(admin, TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance);
        await setup.EnsureWorkspaceAsync("root", name, CancellationToken.None);
        await setup.BindAsync($"root:{name}", ProviderPath, export, CancellationToken.None);
        return admin.Cluster($"root:{name}");
    }

    private static JsonObject WithSchema(JsonObject manifest, JsonObject schema)
    {
        var copy = (JsonObject)manifest.DeepClone();
        copy["spec"]!["versions"]![0]!["schema"] = schema.DeepClone();
        return copy;
    }
}
