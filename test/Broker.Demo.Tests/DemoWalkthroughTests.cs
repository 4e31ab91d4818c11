using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Demo.Tests;

/// <summary>examples/kcp-certs/README.md step by step, in process: the demo set up by <see cref="DemoEnvironment"/>,
/// its two issuers and the broker, driven through the consumer workspace only.</summary>
public sealed class DemoWalkthroughTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private readonly Meter _meter = new("Broker.Demo.Tests");
    private readonly CancellationTokenSource _stop = new();
    private LocalKcpFixture _kcp = null!;
    private KcpClient _admin = null!;
    private IAsyncDisposable _issuers = null!;
    private DemoTopology _topology = null!;
    private Task _broker = Task.CompletedTask;

    private ClusterClient Consumer => _admin.Cluster("root:consumer");

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        _admin = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        var options = new DemoOptions { IssueDelay = TimeSpan.FromMilliseconds(300) };
        var topology = _topology = await DemoEnvironment.SetUpAsync(_admin, options, CancellationToken.None);
        _issuers = await DemoEnvironment.StartIssuersAsync(_admin, topology, options, CancellationToken.None);
        var broker = new BrokerService(
            _admin, new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(topology.Platform.Path), BrokeredExports = ["certificates"] },
            TimeProvider.System, NullLoggerFactory.Instance, _meter);
        _broker = Task.Run(() => broker.RunAsync(_stop.Token));
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        await _stop.CancelAsync();
        try
        {
            await _broker;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        await _issuers.DisposeAsync();
        _admin.Dispose();
        await _kcp.DisposeAsync();
        _stop.Dispose();
        _meter.Dispose();
    }

    [Test]
    public async Task Walkthrough_CreateMoveDelete_SecretFollowsTheProvider()
    {
        var manifest = Broker.Core.Yaml.YamlJson.ReadDocuments(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Example, "certificate.yaml"))).Single().AsObject();
        manifest["metadata"]!["name"] = "api"; // "app" is the kubectl walkthrough's
        await Consumer.CreateAsync(Certificates, "default", manifest, CancellationToken.None);

        var first = await SecretIssuedByAsync("internal-ca", TimeSpan.FromSeconds(30));
        Subject(first).ShouldBe("CN=app.internal.corp");

        await Consumer.PatchAsync(Certificates, "default", "api", PatchType.Merge, JsonNode.Parse("""{"spec":{"fqdn":"app.corp.com"}}""")!, CancellationToken.None);
        var moved = await SecretIssuedByAsync("external-ca", TimeSpan.FromSeconds(30), mustExistAtEveryPoll: true);
        Subject(moved).ShouldBe("CN=app.corp.com");
        moved["metadata"]!["uid"]!.GetValue<string>().ShouldBe(first["metadata"]!["uid"]!.GetValue<string>()); // same Secret, new data

        await Consumer.DeleteAsync(Certificates, "default", "api", null, CancellationToken.None);
        await Eventually.GetAsync("the Certificate and its Secret to be gone", async () =>
        {
            try
            {
                await Consumer.GetAsync(Certificates, "default", "api", CancellationToken.None);
                return null;
            }
            catch (NotFoundException)
            {
            }

            try
            {
                await Consumer.GetAsync(Secrets, "default", "api", CancellationToken.None);
                return null;
            }
            catch (NotFoundException)
            {
                return "gone";
            }
        }, TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Walkthrough_ReadmeCommandsWithKubectl_IssuerFollowsTheName()
    {
        var executable = Kubectl.Find();
        Assume.That(executable is not null && File.Exists("/usr/bin/openssl"), "kubectl or openssl is not installed");
        var kubeconfig = Path.Combine(_kcp.DataDirectory, "readme.kubeconfig");
        File.Copy(_kcp.KubeconfigPath, kubeconfig, overwrite: true);
        await DemoKubeconfig.AddContextsAsync(kubeconfig, _topology, CancellationToken.None);
        var kubectl = new Kubectl(executable!, kubeconfig, Path.Combine(_kcp.DataDirectory, "readme-kubectl-cache"));
        const string showIssuer = "kubectl --context consumer get secret app -o jsonpath='{.data.tls\\.crt}' | base64 -d | openssl x509 -noout -subject -issuer";

        (await kubectl.ShellAsync("kubectl --context internal-ca get acceptapis")).All.ShouldContain("internal-certificates");
        (await kubectl.ShellAsync("kubectl --context consumer api-resources --api-group example.platform-mesh.io")).All.ShouldContain("certificates");
        (await kubectl.ShellAsync("kubectl --context consumer apply -f examples/kcp-certs/certificate.yaml")).ShouldBe(new Kubectl.Result(0, "certificate.example.platform-mesh.io/app created\n", ""));
        (await ShellUntilAsync(kubectl, showIssuer, "issuer=CN=internal-ca")).ShouldContain("subject=CN=app.internal.corp");

        (await kubectl.ShellAsync("""kubectl --context consumer patch certificate app --type merge -p '{"spec":{"fqdn":"app.corp.com"}}'""")).ExitCode.ShouldBe(0);
        (await ShellUntilAsync(kubectl, showIssuer, "issuer=CN=external-ca")).ShouldContain("subject=CN=app.corp.com");
        (await ShellUntilAsync(kubectl, "kubectl --context consumer get certificate app", "Available")).ShouldContain("app.corp.com");

        // Step 4: a staged migration that waits for an approval.
        (await kubectl.ShellAsync("kubectl --context platform apply -f examples/kcp-certs/migration-approval.yaml")).ExitCode.ShouldBe(0);
        (await kubectl.ShellAsync("""kubectl --context consumer patch certificate app --type merge -p '{"spec":{"fqdn":"app.internal.corp"}}'""")).ExitCode.ShouldBe(0);
        var migrations = await ShellUntilAsync(kubectl, "kubectl --context platform get migrations", "approval");
        migrations.ShouldStartWith("NAME");
        migrations.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "FROM", "TO", "STATE", "STAGE", "AGE"]);
        migrations.ShouldContain("root:providers:external-ca   root:providers:internal-ca   InitialInProgress   approval");
        migrations.ShouldContain("CutoverCompleted"); // step 3's move
        var approval = await ShellUntilAsync(kubectl, "kubectl --context platform get configmap -l broker.platform-mesh.io/migration-stage=approval -o yaml", "fqdn: app.internal.corp");
        approval.ShouldContain("from: root:providers:external-ca");
        approval.ShouldContain("approved: \"false\"");
        (await kubectl.ShellAsync("kubectl --context consumer get certificate app -o jsonpath='{.status.conditions[?(@.type==\"Migrating\")].message}'")).All
            .ShouldContain("stage \"approval\": waiting for success condition expression \"approval.data.approved == \"true\"\" is false");
        (await kubectl.ShellAsync(showIssuer)).All.Replace(" = ", "=", StringComparison.Ordinal).ShouldContain("issuer=CN=external-ca", customMessage: "not switched before the approval");

        var approve = """kubectl --context platform patch $(kubectl --context platform get configmap -l broker.platform-mesh.io/migration-stage=approval -o name) --type merge -p '{"data":{"approved":"true"}}'""";
        (await kubectl.ShellAsync(approve)).ExitCode.ShouldBe(0);
        (await ShellUntilAsync(kubectl, showIssuer, "issuer=CN=internal-ca")).ShouldContain("subject=CN=app.internal.corp");
        var finished = await Eventually.GetAsync("every Migration CutoverCompleted", async () =>
        {
            var output = (await kubectl.ShellAsync("kubectl --context platform get migrations")).All;
            var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            return rows.Count >= 2 && rows.All(r => r.Contains("CutoverCompleted", StringComparison.Ordinal)) ? output : null;
        }, TimeSpan.FromSeconds(30));
        finished.ShouldContain("root:providers:external-ca   root:providers:internal-ca   CutoverCompleted   approval");
        (await ShellUntilAsync(kubectl, "kubectl --context platform get configmap -l broker.platform-mesh.io/migration-stage=approval", "No resources found")).ShouldNotContain("approval");

        (await kubectl.ShellAsync("kubectl --context consumer delete certificate app")).ExitCode.ShouldBe(0);
        (await ShellUntilAsync(kubectl, "kubectl --context consumer get secret app", "NotFound")).ShouldContain("secrets \"app\" not found");
    }

    private static async Task<string> ShellUntilAsync(Kubectl kubectl, string commandLine, string expected) =>
        await Eventually.GetAsync($"'{commandLine}' to print {expected}", async () =>
        {
            var output = (await kubectl.ShellAsync(commandLine)).All;
            output = output.Replace(" = ", "=", StringComparison.Ordinal); // OpenSSL before 3.2 prints "CN = x"
            return output.Contains(expected, StringComparison.Ordinal) ? output : null;
        }, TimeSpan.FromSeconds(30));

    private static string Subject(JsonObject secret)
    {
        using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["tls.crt"]!.GetValue<string>())));
        return certificate.Subject;
    }

    private Task<JsonObject> SecretIssuedByAsync(string ca, TimeSpan timeout, bool mustExistAtEveryPoll = false) =>
        Eventually.GetAsync($"Secret api issued by {ca}", async () =>
        {
            JsonObject secret;
            try
            {
                secret = await Consumer.GetAsync(Secrets, "default", "api", CancellationToken.None);
            }
            catch (NotFoundException) when (mustExistAtEveryPoll)
            {
                Assert.Fail("The consumer's Secret disappeared during the move");
                throw;
            }

            using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["tls.crt"]!.GetValue<string>())));
            return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true) == ca ? secret : null;
        }, timeout);
}
