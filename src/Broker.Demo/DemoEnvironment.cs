using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using KcpCerts.Issuer;

namespace Broker.Demo;

/// <summary>The kcp-certs demo (design section 6): a platform workspace with the broker's exports, two certificate
/// providers with their AcceptAPIs and example issuers, and a consumer bound to <c>certificates</c>. Uses only
/// standard kcp API calls, so it runs against LocalKcp and a real kcp alike, and running it twice changes nothing.</summary>
public static partial class DemoEnvironment
{
    public const string PlatformPath = "root:platform";
    public const string ProvidersPath = "root:providers";
    public const string InternalCaName = "internal-ca";
    public const string ExternalCaName = "external-ca";

    /// <summary>The provider that serves its own API (VendorCertificate) through <see cref="VendorCertificatesExport"/>.</summary>
    public const string VendorCaName = "vendor-ca";

    public const string VendorCertificatesExport = "vendor-certificates";
    public const string ConsumerName = "consumer";

    /// <summary>The export providers bind to declare AcceptAPIs.</summary>
    public const string AcceptApisExport = "acceptapis";

    /// <summary>The brokered export consumers bind, and the name of each provider's own export.</summary>
    public const string CertificatesExport = "certificates";

    /// <summary>The broker's coordination records (Placement, Migration, MigrationConfiguration).</summary>
    public const string CoordinationExport = "coordination";

    /// <summary>Creates (or finds) every workspace, export, binding and AcceptAPI of the demo; returns the workspaces.</summary>
    public static async Task<DemoTopology> SetUpAsync(KcpClient admin, DemoOptions options, CancellationToken cancellationToken)
    {
        var logger = options.Loggers.CreateLogger(typeof(DemoEnvironment).FullName!);
        var setup = new WorkspaceSetup(admin, options.ReadyTimeout, options.Time, options.Loggers.CreateLogger(typeof(WorkspaceSetup).FullName!));
        var manifests = new DemoManifests(options.ManifestDirectory, options.ExampleDirectory);

        var platform = await setup.EnsureWorkspaceAsync("root", "platform", cancellationToken);
        var providers = await setup.EnsureWorkspaceAsync("root", "providers", cancellationToken);
        var internalCa = await setup.EnsureWorkspaceAsync(ProvidersPath, InternalCaName, cancellationToken);
        var externalCa = await setup.EnsureWorkspaceAsync(ProvidersPath, ExternalCaName, cancellationToken);
        var vendorCa = await setup.EnsureWorkspaceAsync(ProvidersPath, VendorCaName, cancellationToken);
        var consumer = await setup.EnsureWorkspaceAsync("root", ConsumerName, cancellationToken);

        foreach (var manifest in manifests.PlatformApis())
        {
            await setup.ApplyAsync(platform.Path, manifest, cancellationToken);
        }

        await setup.BindAsync(platform.Path, platform.Path, CoordinationExport, cancellationToken);

        var topology = new DemoTopology(platform, providers, internalCa, externalCa, consumer, vendorCa);
        foreach (var provider in topology.ProviderList)
        {
            await SetUpProviderAsync(setup, manifests, provider, platform, cancellationToken);
        }

        await setup.BindAsync(consumer.Path, platform.Path, CertificatesExport, cancellationToken);
        await GrantAsync(setup, manifests, platform, consumer, topology.ProviderList, cancellationToken);
        Log.Ready(logger, string.Join(", ", topology.All));
        return topology;
    }

    /// <summary>Starts one <see cref="CertificateIssuer"/> per provider (its CA named after the provider); disposing
    /// the result stops them.</summary>
    public static Task<IAsyncDisposable> StartIssuersAsync(KcpClient client, DemoTopology topology, DemoOptions options, CancellationToken cancellationToken) =>
        StartIssuersAsync(_ => client, topology, options, cancellationToken);

    /// <summary>Starts one issuer per provider, each with its provider's client (its own identity); the caller disposes the clients.</summary>
    public static Task<IAsyncDisposable> StartIssuersAsync(Func<DemoProvider, KcpClient> clientFor, DemoTopology topology, DemoOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var issuers = topology.ProviderList.Select(provider => new CertificateIssuer(
            new IssuerOptions(
                clientFor(provider), provider.Workspace.Path, provider.Export, provider.Name, options.IssueDelay,
                options.IssuerDataDirectory is null ? null : Path.Combine(options.IssuerDataDirectory, provider.Name))
            {
                Api = provider.Vendor ? CertificateApi.Vendor : CertificateApi.Generic,
            },
            options.Loggers, options.Time));
        return Task.FromResult<IAsyncDisposable>(RunningIssuers.Start(issuers, options.Loggers.CreateLogger(typeof(RunningIssuers).FullName!)));
    }

    /// <summary>
    /// Each party's permissions: the broker's from contrib/kcp/rbac (platform, and in each provider workspace), each
    /// provider's own (provider.yaml bound to its user), and admin of their workspace for the platform's operator and
    /// the consumer. Nobody else gets anything: a party's user sees only what this grants (and root's defaults).
    /// </summary>
    private static async Task GrantAsync(
        WorkspaceSetup setup, DemoManifests manifests, DemoWorkspace platform, DemoWorkspace consumer, IReadOnlyList<DemoProvider> providers, CancellationToken cancellationToken)
    {
        foreach (var manifest in manifests.Rbac("broker-platform"))
        {
            await setup.ApplyAsync(platform.Path, DemoIdentities.BoundTo(manifest, DemoIdentities.Broker), cancellationToken);
        }

        foreach (var provider in providers)
        {
            foreach (var manifest in manifests.Rbac("broker-provider"))
            {
                await setup.ApplyAsync(provider.Workspace.Path, ForExport(DemoIdentities.BoundTo(manifest, DemoIdentities.Broker), provider.Export), cancellationToken);
            }

            foreach (var manifest in manifests.Rbac("provider"))
            {
                await setup.ApplyAsync(provider.Workspace.Path, ForExport(DemoIdentities.BoundTo(manifest, provider.Name), provider.Export), cancellationToken);
            }
        }

        await setup.ApplyAsync(platform.Path, DemoIdentities.WorkspaceAdmin(DemoIdentities.PlatformOperator), cancellationToken);
        await setup.ApplyAsync(consumer.Path, DemoIdentities.WorkspaceAdmin(DemoIdentities.Consumer), cancellationToken);
    }

    /// <summary>The shipped RBAC names the export <c>certificates</c>, as its comment says to replace: a provider's own export instead.</summary>
    private static JsonObject ForExport(JsonObject manifest, string export)
    {
        foreach (var rule in (manifest["rules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((rule["resources"] as JsonArray)?.Any(r => (string?)r is "apiexports" or "apiexports/content") == true && rule["resourceNames"] is JsonArray)
            {
                rule["resourceNames"] = new JsonArray(export);
            }
        }

        return manifest;
    }

    /// <summary>A provider serves certificates through its own export (the Certificate schema, or the vendor's own
    /// VendorCertificate), and declares what it accepts through root:platform's acceptapis export.</summary>
    private static async Task SetUpProviderAsync(
        WorkspaceSetup setup, DemoManifests manifests, DemoProvider provider, DemoWorkspace platform, CancellationToken cancellationToken)
    {
        foreach (var manifest in provider.Vendor ? manifests.VendorApis() : manifests.CertificateApis())
        {
            await setup.ApplyAsync(provider.Workspace.Path, manifest, cancellationToken);
        }

        await setup.BindAsync(provider.Workspace.Path, platform.Path, AcceptApisExport, cancellationToken);
        await setup.ApplyAsync(provider.Workspace.Path, manifests.AcceptApi(provider.Name), cancellationToken);
    }
}
