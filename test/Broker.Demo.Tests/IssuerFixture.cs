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
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private IssuerFixture(LocalKcpFixture kcp, KcpClient admin, CertificateIssuer issuer)
    {
        Kcp = kcp;
        Admin = admin;
        Issuer = issuer;
    }

    public const string ProviderPath = "root:provider";
    public const string ConsumerPath = "root:staging";
    public const string CaName = "test-ca";

    public LocalKcpFixture Kcp { get; }

    public KcpClient Admin { get; }

    public CertificateIssuer Issuer { get; }

    /// <summary>Where the test plays the consumer: creates Certificates and reads Secrets.</summary>
    public ClusterClient Consumer => Admin.Cluster(ConsumerPath);

    /// <param name="schema">Replaces the Certificate schema from contrib/kcp, e.g. with a laxer one.</param>
    public static async Task<IssuerFixture> StartAsync(TimeSpan issueDelay, JsonObject? schema = null)
    {
        var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        var admin = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var setup = new WorkspaceSetup(admin, TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance);
        await setup.EnsureWorkspaceAsync("root", "provider", CancellationToken.None);
        await setup.EnsureWorkspaceAsync("root", "staging", CancellationToken.None);
        foreach (var manifest in new DemoManifests(RepositoryPaths.Manifests, null).CertificateApis())
        {
            var replaced = schema is not null && manifest["kind"]!.GetValue<string>() == "APIResourceSchema" ? WithSchema(manifest, schema) : manifest;
            await setup.ApplyAsync(ProviderPath, replaced, CancellationToken.None);
        }

        await setup.BindAsync(ConsumerPath, ProviderPath, "certificates", CancellationToken.None);
        var issuer = new CertificateIssuer(new IssuerOptions(admin, ProviderPath, "certificates", CaName, issueDelay)
        {
            ResyncPeriod = TimeSpan.FromMilliseconds(200),
        });
        var fixture = new IssuerFixture(kcp, admin, issuer);
        fixture._running = Task.Run(() => issuer.RunAsync(fixture._stop.Token));
        return fixture;
    }

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
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
        Admin.Dispose();
        await Kcp.DisposeAsync();
    }

    private static JsonObject WithSchema(JsonObject manifest, JsonObject schema)
    {
        var copy = (JsonObject)manifest.DeepClone();
        copy["spec"]!["versions"]![0]!["schema"] = schema.DeepClone();
        return copy;
    }
}
