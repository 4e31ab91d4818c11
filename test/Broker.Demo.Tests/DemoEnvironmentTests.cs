using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Tools;

namespace Broker.Demo.Tests;

/// <summary>SetUpAsync against an in-process LocalKcp, checked through the API as a user (or the broker) would.</summary>
public sealed class DemoEnvironmentTests
{
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);
    private LocalKcpFixture _kcp = null!;
    private KcpClient _admin = null!;
    private DemoTopology _topology = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        _admin = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        _topology = await DemoEnvironment.SetUpAsync(_admin, Options(), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _admin.Dispose();
        await _kcp.DisposeAsync();
    }

    [Test]
    public async Task SetUpAsync_FreshServer_EveryWorkspaceReadyUnderItsPath()
    {
        _topology.All.Select(w => w.Path).ShouldBe(
            ["root:platform", "root:providers", "root:providers:internal-ca", "root:providers:external-ca", "root:providers:vendor-ca", "root:consumer"]);
        foreach (var workspace in _topology.All)
        {
            var parent = workspace.Path[..workspace.Path.LastIndexOf(':')];
            var name = workspace.Path[(workspace.Path.LastIndexOf(':') + 1)..];
            var found = await _admin.Cluster(parent).GetAsync<Workspace>(Workspace.Resource, null, name, CancellationToken.None);
            found.Status.Phase.ShouldBe("Ready");
            found.Spec.Cluster.ShouldBe(workspace.ClusterName);

            var logical = await _admin.Cluster(workspace.ClusterName).GetAsync<LogicalCluster>(LogicalCluster.Resource, null, LogicalCluster.SingletonName, CancellationToken.None);
            logical.Metadata.Path.ShouldBe(workspace.Path);
        }
    }

    [Test]
    public async Task SetUpAsync_FreshServer_PlatformServesEveryContribExport()
    {
        var exports = await _admin.Cluster(_topology.Platform.Path).ListAllAsync(ApiExports, null, null, CancellationToken.None);

        exports.Items.Select(KubeObject.Name).Order(StringComparer.Ordinal).ShouldBe(["acceptapis", "certificates", "coordination"]);
        var coordination = await Binding(_topology.Platform, "coordination");
        coordination.Status.Phase.ShouldBe("Bound");
        coordination.Status.BoundResources!.Select(r => r.Resource).ShouldBe(["placements", "migrations", "migrationconfigurations"], ignoreOrder: true);
    }

    [Test]
    public async Task SetUpAsync_FreshServer_ProvidersServeCertificatesAndBindAcceptApis()
    {
        foreach (var provider in _topology.ProviderList)
        {
            var export = await _admin.Cluster(provider.Workspace.Path).GetAsync(ApiExports, null, provider.Export, CancellationToken.None);
            export["spec"]!["resources"]![0]!["name"]!.GetValue<string>().ShouldBe(provider.Vendor ? "vendorcertificates" : "certificates");
            export["spec"]!["permissionClaims"]!.AsArray().Select(c => c!["resource"]!.GetValue<string>()).ShouldContain("secrets");

            var binding = await Binding(provider.Workspace, "acceptapis");
            binding.Status.Phase.ShouldBe("Bound");
            binding.Status.ApiExportClusterName.ShouldBe(_topology.Platform.ClusterName);
        }
    }

    [Test]
    public async Task SetUpAsync_FreshServer_ConsumerBindsCertificatesWithEveryClaimAccepted()
    {
        var binding = await _admin.Cluster(_topology.Consumer.Path).GetAsync(ApiBinding.Resource, null, "certificates", CancellationToken.None);

        binding["status"]!["phase"]!.GetValue<string>().ShouldBe("Bound");
        var claims = binding["spec"]!["permissionClaims"]!.AsArray().Select(c => c!.AsObject()).ToList();
        claims.Select(c => c["resource"]!.GetValue<string>()).ShouldBe(["secrets", "namespaces", "events"], ignoreOrder: true);
        claims.ShouldAllBe(c => c["state"]!.GetValue<string>() == "Accepted" && c["selector"]!["matchAll"]!.GetValue<bool>());
        binding["status"]!["appliedPermissionClaims"]!.AsArray().Count.ShouldBe(3);
    }

    [Test]
    public async Task SetUpAsync_FreshServer_AcceptApisReadableThroughThePlatformVirtualWorkspace()
    {
        var slice = await _admin.Cluster(_topology.Platform.Path).GetAsync<ApiExportEndpointSlice>(
            ApiExportEndpointSlice.Resource, null, "acceptapis", CancellationToken.None);
        var url = slice.Status.Endpoints.ShouldHaveSingleItem().Url;

        var list = await _admin.VirtualWorkspace(url, ClusterPath.Wildcard).ListAllAsync(AcceptApis, null, null, CancellationToken.None);

        var byCluster = list.Items.ToDictionary(KubeObject.Cluster, KubeObject.Name);
        byCluster.ShouldBe(new Dictionary<string, string>
        {
            [_topology.InternalCa.ClusterName] = "internal-certificates",
            [_topology.ExternalCa.ClusterName] = "external-certificates",
            [_topology.VendorCa.ClusterName] = "vendor-certificates",
        }, ignoreOrder: true);
        var vendorCa = list.Items.Single(i => KubeObject.Name(i) == "vendor-certificates");
        vendorCa["spec"]!["translation"]!["target"]!["kind"]!.GetValue<string>().ShouldBe("VendorCertificate");
        var internalCa = list.Items.Single(i => KubeObject.Name(i) == "internal-certificates");
        internalCa["spec"]!["apiExportName"]!.GetValue<string>().ShouldBe("certificates");
        internalCa["spec"]!["filters"]![0]!["suffix"]!.GetValue<string>().ShouldBe("internal.corp");
    }

    [Test]
    public async Task SetUpAsync_SecondRunWithBuiltInManifests_SameTopologyAndNoWrites()
    {
        var before = await ResourceVersionsAsync();

        var again = await DemoEnvironment.SetUpAsync(_admin, new DemoOptions(), CancellationToken.None);

        again.ShouldBe(_topology);
        (await ResourceVersionsAsync()).ShouldBe(before);
    }

    [Test]
    public async Task AddContextsAsync_AdminKubeconfig_EachContextReachesItsWorkspace()
    {
        var path = Path.Combine(_kcp.DataDirectory, "contexts.kubeconfig");
        File.Copy(_kcp.KubeconfigPath, path, overwrite: true);

        await DemoKubeconfig.AddContextsAsync(path, _topology, CancellationToken.None);
        await DemoKubeconfig.AddContextsAsync(path, _topology, CancellationToken.None); // idempotent

        foreach (var (context, workspace) in _topology.Contexts)
        {
            using var client = new KcpClient(KubeconfigLoader.Load([path], context));
            client.Connection.Workspace!.Value.Value.ShouldBe(workspace.Path);
            var logical = await client.Workspace.GetAsync<LogicalCluster>(LogicalCluster.Resource, null, LogicalCluster.SingletonName, CancellationToken.None);
            logical.Metadata.Cluster.ShouldBe(workspace.ClusterName);
        }

        var text = await File.ReadAllTextAsync(path);
        text.Split("name: consumer").Length.ShouldBe(3); // one cluster and one context entry, not duplicated
        KubeconfigLoader.Load([path]).Workspace!.Value.Value.ShouldBe("root"); // current context kept
    }

    [Test]
    public async Task Kubectl_DemoContexts_ApplyExampleCertificateAndListAcceptApis()
    {
        var executable = Kubectl.Find();
        Assume.That(executable, Is.Not.Null, "kubectl is not installed");
        var path = Path.Combine(_kcp.DataDirectory, "kubectl.kubeconfig");
        File.Copy(_kcp.KubeconfigPath, path, overwrite: true);
        await DemoKubeconfig.AddContextsAsync(path, _topology, CancellationToken.None);
        var kubectl = new Kubectl(executable!, path, Path.Combine(_kcp.DataDirectory, "kubectl-cache"));

        var applied = await kubectl.RunAsync("--context", "consumer", "apply", "-f", "examples/kcp-certs/certificate.yaml");
        var listed = await kubectl.RunAsync("--context", "consumer", "get", "certificates", "-o", "name");
        var accepted = await kubectl.RunAsync("--context", "internal-ca", "get", "acceptapis", "-o", "name");
        var deleted = await kubectl.RunAsync("--context", "consumer", "delete", "-f", "examples/kcp-certs/certificate.yaml");

        applied.ShouldBe(new Kubectl.Result(0, "certificate.example.platform-mesh.io/app created\n", ""));
        listed.ShouldBe(new Kubectl.Result(0, "certificate.example.platform-mesh.io/app\n", ""));
        accepted.ShouldBe(new Kubectl.Result(0, "acceptapi.broker.platform-mesh.io/internal-certificates\n", ""));
        deleted.ExitCode.ShouldBe(0, deleted.All);
    }

    [Test]
    public async Task StartIssuersAsync_WorkspaceBindsAProviderExport_ThatProvidersCaSigns()
    {
        // Plays the broker's part: a staging-like workspace bound to each provider's own export.
        var setup = new WorkspaceSetup(_admin, TimeSpan.FromSeconds(30), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await setup.EnsureWorkspaceAsync("root", "staging-internal", CancellationToken.None);
        await setup.EnsureWorkspaceAsync("root", "staging-external", CancellationToken.None);
        await setup.BindAsync("root:staging-internal", _topology.InternalCa.Path, "certificates", CancellationToken.None);
        await setup.BindAsync("root:staging-external", _topology.ExternalCa.Path, "certificates", CancellationToken.None);

        await using (await DemoEnvironment.StartIssuersAsync(_admin, _topology, Options() with { IssueDelay = TimeSpan.Zero }, CancellationToken.None))
        {
            await _admin.Cluster("root:staging-internal").CreateAsync(Certificates, "default", IssuerFixture.Certificate("app", "app.internal.corp"), CancellationToken.None);
            await _admin.Cluster("root:staging-external").CreateAsync(Certificates, "default", IssuerFixture.Certificate("app", "app.corp.com"), CancellationToken.None);

            (await IssuerOfSecretAsync("root:staging-internal")).ShouldBe("internal-ca");
            (await IssuerOfSecretAsync("root:staging-external")).ShouldBe("external-ca");
        }
    }

    private Task<string> IssuerOfSecretAsync(string workspace) =>
        Eventually.GetAsync($"Secret app in {workspace}", async () =>
        {
            var secret = await _admin.Cluster(workspace).GetAsync(new GroupVersionResource("", "v1", "secrets"), "default", "app", CancellationToken.None);
            var pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["tls.crt"]!.GetValue<string>()));
            using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
            return certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true);
        });

    private static DemoOptions Options() => new() { ManifestDirectory = RepositoryPaths.Manifests, ExampleDirectory = RepositoryPaths.Example };

    private Task<ApiBinding> Binding(DemoWorkspace workspace, string name) =>
        _admin.Cluster(workspace.Path).GetAsync<ApiBinding>(ApiBinding.Resource, null, name, CancellationToken.None);

    private async Task<Dictionary<string, string?>> ResourceVersionsAsync()
    {
        var versions = new Dictionary<string, string?>(StringComparer.Ordinal);
        async Task AddAsync(DemoWorkspace workspace, GroupVersionResource resource)
        {
            var list = await _admin.Cluster(workspace.Path).ListAllAsync(resource, null, null, CancellationToken.None);
            foreach (var item in list.Items)
            {
                versions[$"{workspace.Path}/{resource.Resource}/{KubeObject.Namespace(item)}/{KubeObject.Name(item)}"] = KubeObject.ResourceVersion(item);
            }
        }

        foreach (var workspace in _topology.All)
        {
            await AddAsync(workspace, ApiExports);
            await AddAsync(workspace, ApiBinding.Resource);
            await AddAsync(workspace, new GroupVersionResource("apis.kcp.io", "v1alpha1", "apiresourceschemas", Namespaced: false));
        }

        await AddAsync(_topology.InternalCa, AcceptApis);
        await AddAsync(_topology.ExternalCa, AcceptApis);
        return versions;
    }
}
