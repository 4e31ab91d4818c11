using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Demo;
using Broker.Durability.Processes;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;

namespace Broker.Durability.KillAnywhere;

/// <summary>
/// What the kill-anywhere harness runs against, every part a process of its own where it matters: LocalKcp
/// (<c>broker local --control-plane-only</c>, persistent, so it too can be killed), the broker (<c>broker run</c>),
/// and, in the harness's process, the kcp-certs demo (platform, two providers with AcceptAPIs, a consumer) with its
/// two example issuers. The harness and the issuers send a User-Agent of their own, so LocalKcp's write cutoff counts
/// the broker's writes only.
/// </summary>
public sealed class KillAnywhereEnvironment : IAsyncDisposable
{
    /// <summary>The broker's User-Agent (KcpClientOptions' default), which the write cutoff counts.</summary>
    public const string BrokerUserAgent = "resource-broker";

    public static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    public static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource Placements = new("broker.platform-mesh.io", "v1alpha1", "placements", Namespaced: false);
    private static readonly GroupVersionResource Workspaces = new("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);
    private static readonly GroupVersionResource Migrations = new("broker.platform-mesh.io", "v1alpha1", "migrations");
    private static readonly GroupVersionResource MigrationConfigurations = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");
    private const string ApprovalConfiguration = "certificates-approval";
    private const string StageLabel = "broker.platform-mesh.io/migration-stage";

    /// <summary>The label naming a stage object's Migration.</summary>
    public const string MigrationLabel = "broker.platform-mesh.io/migration-name";

    private readonly string _directory;
    private readonly DemoOptions _demo;
    private readonly IReadOnlyList<string> _brokerArguments;
    private IAsyncDisposable? _issuers;

    private KillAnywhereEnvironment(string directory, LocalKcpProcess kcp, KcpClient admin, HttpClient http, DemoOptions demo, IReadOnlyList<string> brokerArguments)
    {
        (_directory, Kcp, Admin, Http, _demo, _brokerArguments) = (directory, kcp, admin, http, demo, brokerArguments);
    }

    public LocalKcpProcess Kcp { get; private set; }

    public BrokerChild? Broker { get; private set; }

    /// <summary>The harness's client (User-Agent <c>durability-harness</c>).</summary>
    public KcpClient Admin { get; }

    public DemoTopology Topology { get; private set; } = null!;

    public ClusterClient Consumer => Admin.Cluster(Topology.Consumer.Path);

    private ClusterClient Platform => Admin.Cluster(DemoEnvironment.PlatformPath);

    private HttpClient Http { get; }

    /// <summary>Starts LocalKcp, the demo and the broker; <paramref name="brokerArguments"/> go to every <c>broker run</c> (e.g. <c>--migration-retention 1m</c>).</summary>
    public static async Task<KillAnywhereEnvironment> StartAsync(CancellationToken cancellationToken, params IReadOnlyList<string> brokerArguments)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kill-anywhere-" + Guid.NewGuid().ToString("N")[..8]);
        var kcp = await LocalKcpProcess.StartAsync(directory, Testing.FreePort.Next(), cancellationToken);
        var admin = new KcpClient(KubeconfigLoader.Load([Path.Combine(directory, "admin.kubeconfig")]), new KcpClientOptions { UserAgent = "durability-harness" });
        var demo = new DemoOptions { IssueDelay = TimeSpan.FromMilliseconds(100) };
        var environment = new KillAnywhereEnvironment(directory, kcp, admin, kcp.CreateHttpClient(), demo, brokerArguments);
        try
        {
            environment.Topology = await DemoEnvironment.SetUpAsync(admin, demo, cancellationToken);
            environment._issuers = await DemoEnvironment.StartIssuersAsync(admin, environment.Topology, demo, cancellationToken);
            await environment.StartBrokerAsync(cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async Task StartBrokerAsync(CancellationToken cancellationToken) =>
        Broker = await BrokerChild.StartAsync(Path.Combine(_directory, "admin.kubeconfig"), DemoEnvironment.PlatformPath, _brokerArguments, cancellationToken);

    /// <summary>SIGKILLs the broker, runs <paramref name="beforeStart"/> and starts a new one, returning once its caches have synced.</summary>
    public async Task RestartBrokerAsync(CancellationToken cancellationToken, Func<Task>? beforeStart = null)
    {
        if (Broker is { } broker)
        {
            await broker.KillAsync();
            broker.Dispose();
        }

        if (beforeStart is not null)
        {
            await beforeStart();
        }

        await StartBrokerAsync(cancellationToken);
    }

    /// <summary>SIGKILLs LocalKcp and starts it again on the same directory and port; the broker and issuers reconnect on their own.</summary>
    public async Task RestartLocalKcpAsync(CancellationToken cancellationToken)
    {
        await Kcp.KillAsync();
        Kcp.Dispose();
        // Same port, CA and token: the harness's clients reconnect as the broker's do.
        Kcp = await LocalKcpProcess.StartAsync(_directory, Kcp.Port, cancellationToken);
    }

    /// <summary>Holds the broker's writes right after its <paramref name="limit"/>-th (int.MaxValue: only counts them).</summary>
    public Task CutBrokerWritesAfterAsync(int limit, CancellationToken cancellationToken) =>
        SetFaultsAsync(new JsonObject { ["cutWritesAfter"] = limit, ["userAgent"] = BrokerUserAgent }, cancellationToken);

    /// <summary>The broker's writes answered since the cutoff was set, and whether the cutoff has been reached.</summary>
    public async Task<(int Answered, bool Reached)> CutoffAsync(CancellationToken cancellationToken)
    {
        var state = await FaultStateAsync(cancellationToken);
        return ((int?)state["writesAnswered"] ?? 0, (bool?)state["cutoffReached"] ?? false);
    }

    /// <summary>The broker's writes answered since the cutoff was set, as "METHOD path status".</summary>
    public async Task<IReadOnlyList<string>> CutoffWritesAsync(CancellationToken cancellationToken) =>
        [.. ((await FaultStateAsync(cancellationToken))["writes"] as JsonArray ?? []).Select(w => (string?)w ?? "")];

    public Task ClearFaultsAsync(CancellationToken cancellationToken) => SetFaultsAsync(null, cancellationToken);

    /// <summary>Applies LocalKcp faults (see its /localkcp/v1/faults); null clears the standing ones and the cutoff.</summary>
    public async Task SetFaultsAsync(JsonObject? faults, CancellationToken cancellationToken)
    {
        var uri = new Uri("localkcp/v1/faults", UriKind.Relative);
        using var response = faults is null
            ? await Http.DeleteAsync(uri, cancellationToken)
            : await Http.PostAsync(uri, new StringContent(faults.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>LocalKcp's standing faults, the cutoff's progress and its open watches.</summary>
    public async Task<JsonObject> FaultStateAsync(CancellationToken cancellationToken) =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri("localkcp/v1/faults", UriKind.Relative), cancellationToken))!.AsObject();

    /// <summary>Provider copies of brokered Certificates as each provider sees them through its own export (any workspace).</summary>
    public async Task<Dictionary<string, int>> CopiesAsync(CancellationToken cancellationToken)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var provider in Topology.ProviderList)
        {
            // vendor-ca serves its own kind: the broker translates Certificates into VendorCertificates there.
            var resource = provider.Vendor ? "vendor.example.com/v1alpha1/vendorcertificates" : $"{Certificates.Group}/{Certificates.Version}/{Certificates.Resource}";
            var path = $"services/apiexport/{provider.Workspace.ClusterName}/{provider.Export}/clusters/*/apis/{resource}";
            var list = JsonNode.Parse(await Http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken))!;
            copies[provider.Name] = list["items"]!.AsArray().Count;
        }

        return copies;
    }

    /// <summary>The consumer's Certificates, by name.</summary>
    public async Task<Dictionary<string, JsonObject>> ConsumerCertificatesAsync(CancellationToken cancellationToken) =>
        (await Consumer.ListAllAsync(Certificates, "default", null, cancellationToken)).Items.ToDictionary(KubeObject.Name, StringComparer.Ordinal);

    public async Task<List<JsonObject>> PlacementsAsync(CancellationToken cancellationToken) =>
        [.. (await Admin.Cluster(DemoEnvironment.PlatformPath).ListAllAsync(Placements, null, null, cancellationToken)).Items];

    /// <summary>Staging workspaces in the platform workspace that are not being deleted.</summary>
    public async Task<List<string>> StagingWorkspacesAsync(CancellationToken cancellationToken) =>
        [.. (await Admin.Cluster(DemoEnvironment.PlatformPath).ListAllAsync(Workspaces, null, null, cancellationToken)).Items
            .Where(w => w["metadata"]?["deletionTimestamp"] is null && KubeObject.Name(w).StartsWith("staging-", StringComparison.Ordinal))
            .Select(KubeObject.Name)];

    /// <summary>Gives Certificate moves the approval stage of examples/kcp-certs/migration-approval.yaml (no-op when present).</summary>
    public async Task AddApprovalStageAsync(CancellationToken cancellationToken)
    {
        var manifest = Core.Yaml.YamlJson.ReadDocuments(await File.ReadAllTextAsync(Path.Combine(Testing.RepositoryRoot.Path, "examples", "kcp-certs", "migration-approval.yaml"), cancellationToken)).Single().AsObject();
        try
        {
            await Platform.CreateAsync(MigrationConfigurations, "default", manifest, cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Already there.
        }
    }

    /// <summary>Moves have no stages again (no-op when absent).</summary>
    public async Task RemoveApprovalStageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Platform.DeleteAsync(MigrationConfigurations, "default", ApprovalConfiguration, null, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The approver: sets approved=true on every approval stage object waiting for it.</summary>
    public async Task ApproveStagesAsync(CancellationToken cancellationToken)
    {
        foreach (var approval in await StageObjectsAsync(cancellationToken))
        {
            if ((string?)approval["data"]?["approved"] != "true")
            {
                await Platform.PatchAsync(ConfigMaps, "default", KubeObject.Name(approval), PatchType.Merge,
                    new JsonObject { ["data"] = new JsonObject { ["approved"] = "true" } }, cancellationToken);
            }
        }
    }

    /// <summary>Stage objects (labelled with a migration stage) in the platform workspace.</summary>
    public async Task<List<JsonObject>> StageObjectsAsync(CancellationToken cancellationToken) =>
        [.. (await Platform.ListAllAsync(ConfigMaps, "default", new ListOptions { LabelSelector = StageLabel }, cancellationToken)).Items];

    /// <summary>Every Migration the platform workspace holds (finished ones stay for the broker's --migration-retention).</summary>
    public async Task<IReadOnlyList<JsonObject>> MigrationsAsync(CancellationToken cancellationToken) =>
        (await Platform.ListAllAsync(Migrations, "default", null, cancellationToken)).Items;

    /// <summary>The Migrations of consumer object <paramref name="name"/> (by the name of its copies).</summary>
    public async Task<List<JsonObject>> MigrationsOfAsync(string name, CancellationToken cancellationToken) =>
        [.. (await MigrationsAsync(cancellationToken)).Where(m => (string?)m["spec"]?["from"]?["name"] == name || (string?)m["spec"]?["to"]?["name"] == name)];

    /// <summary>The consumer's Secret <paramref name="name"/>: null when absent, else the CA that issued it ("" when it holds no certificate).</summary>
    public async Task<string?> SecretIssuerAsync(string name, CancellationToken cancellationToken)
    {
        JsonObject secret;
        try
        {
            secret = await Consumer.GetAsync(Secrets, "default", name, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }

        if ((string?)secret["data"]?["tls.crt"] is not { } data)
        {
            return "";
        }

        using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(data)));
        return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
    }

    public static JsonObject Certificate(string name, string fqdn) => new()
    {
        ["apiVersion"] = $"{Certificates.Group}/{Certificates.Version}",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["fqdn"] = fqdn },
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            Broker?.Dispose();
            if (_issuers is not null)
            {
                await _issuers.DisposeAsync();
            }
        }
        finally
        {
            // Whatever failed before: LocalKcp must not outlive the harness.
            Kcp.Dispose();
            Admin.Dispose();
            Http.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind is harmless.
        }
    }

    /// <summary>Whether a request failed because LocalKcp is restarting (the harness retries those).</summary>
    public static bool IsUnavailable(Exception e) =>
        e is HttpRequestException or IOException or TaskCanceledException || (e is KubeApiException api && api.StatusCode is 0 or >= 500);
}
