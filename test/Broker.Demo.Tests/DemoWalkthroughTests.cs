using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Tools;

namespace Broker.Demo.Tests;

/// <summary>examples/kcp-certs/README.md step by step, in process: the demo set up by <see cref="DemoEnvironment"/>,
/// its two issuers and the broker, each under its own identity with only the RBAC the demo grants, driven through
/// the consumer workspace as the consumer.</summary>
public sealed class DemoWalkthroughTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private PartiesDemo _demo = null!;

    private ClusterClient Consumer => _demo.Consumer;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _demo = await PartiesDemo.StartAsync(TimeSpan.FromMilliseconds(300));
        _demo.StartBroker();
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _demo.DisposeAsync();

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
        var kubeconfig = Path.Combine(_demo.Kcp.DataDirectory, "readme.kubeconfig");
        File.Copy(_demo.Kcp.KubeconfigPath, kubeconfig, overwrite: true);
        await DemoKubeconfig.AddContextsAsync(kubeconfig, _demo.Topology, _demo.Tokens, CancellationToken.None);
        var kubectl = new Kubectl(executable!, kubeconfig, Path.Combine(_demo.Kcp.DataDirectory, "readme-kubectl-cache"));
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

    /// <summary>Step 5 of examples/kcp-certs/README.md with kubectl: a Certificate for shop.vendor.example arrives at vendor-ca as
    /// a VendorCertificate (its own API), its Secret signed by vendor-ca at the consumer, then moves to app.corp.com.</summary>
    [Test]
    public async Task Walkthrough_TranslatingProvider_VendorCertificateThenMoveWithKubectl()
    {
        var executable = Kubectl.Find();
        Assume.That(executable is not null && File.Exists("/usr/bin/openssl"), "kubectl or openssl is not installed");
        var kubeconfig = Path.Combine(_demo.Kcp.DataDirectory, "vendor.kubeconfig");
        File.Copy(_demo.Kcp.KubeconfigPath, kubeconfig, overwrite: true);
        await DemoKubeconfig.AddContextsAsync(kubeconfig, _demo.Topology, _demo.Tokens, CancellationToken.None);
        var kubectl = new Kubectl(executable!, kubeconfig, Path.Combine(_demo.Kcp.DataDirectory, "vendor-kubectl-cache"));
        const string showIssuer = "kubectl --context consumer get secret shop -o jsonpath='{.data.tls\\.crt}' | base64 -d | openssl x509 -noout -subject -issuer";

        (await kubectl.ShellAsync("kubectl --context vendor-ca get acceptapi vendor-certificates -o jsonpath='{.spec.translation.target.kind}'")).All.ShouldBe("VendorCertificate");
        (await ShellUntilAsync(kubectl, "kubectl --context vendor-ca get acceptapi vendor-certificates -o jsonpath='{.status.conditions[?(@.type==\"Available\")].message}'", "translated to"))
            .ShouldContain("translated to vendor.example.com/v1alpha1/vendorcertificates (VendorCertificate)");
        (await kubectl.ShellAsync("kubectl --context consumer apply -f examples/kcp-certs/certificate-vendor.yaml")).ShouldBe(new Kubectl.Result(0, "certificate.example.platform-mesh.io/shop created\n", ""));
        (await ShellUntilAsync(kubectl, showIssuer, "issuer=CN=vendor-ca")).ShouldContain("subject=CN=shop.vendor.example");
        (await ShellUntilAsync(kubectl, "kubectl --context consumer get certificate shop", "Available")).ShouldContain("shop.vendor.example");

        var vendorCertificates = "URL=$(kubectl --context vendor-ca get apiexportendpointslice vendor-certificates -o jsonpath='{.status.endpoints[0].url}') && kubectl --context vendor-ca --server \"$URL/clusters/*\" get vendorcertificates -A";
        var listed = await ShellUntilAsync(kubectl, vendorCertificates, "Issued");
        listed.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAMESPACE", "NAME", "COMMON", "NAME", "PHASE", "SECRET", "AGE"]);
        listed.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5).ShouldBe(["default", "shop", "shop.vendor.example", "Issued", "shop"]);

        (await kubectl.ShellAsync("""kubectl --context consumer patch certificate shop --type merge -p '{"spec":{"fqdn":"app.corp.com"}}'""")).ExitCode.ShouldBe(0);
        (await ShellUntilAsync(kubectl, showIssuer, "issuer=CN=external-ca")).ShouldContain("subject=CN=app.corp.com");
        // The old copy goes after the cutover, and with it the vendor's staging workspace: its slice lists no endpoint then.
        await Eventually.UntilAsync("the VendorCertificate gone", async () => !(await kubectl.ShellAsync(vendorCertificates)).All.Contains("shop.vendor.example", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        (await kubectl.ShellAsync("kubectl --context consumer delete certificate shop")).ExitCode.ShouldBe(0);
        (await ShellUntilAsync(kubectl, "kubectl --context consumer get secret shop", "NotFound")).ShouldContain("secrets \"shop\" not found");
    }

    /// <summary>
    /// Issue 17's isolation matrix with real credentials through kubectl: the consumer is refused in provider, staging
    /// and second-consumer workspaces and on the platform's records; a provider sees copies only through its export's
    /// virtual workspace and nothing in consumer workspaces; the broker cannot read or write a provider's own objects.
    /// </summary>
    [Test]
    public async Task Isolation_EachPartySeesOnlyItsOwn()
    {
        var executable = Kubectl.Find();
        Assume.That(executable is not null, "kubectl is not installed");
        var second = await DemoEnvironment.SetUpSecondConsumerAsync(_demo.Admin, "consumer-2", CancellationToken.None);
        var tokens = new Dictionary<string, string>(_demo.Tokens) { ["consumer-2"] = _demo.Kcp.Server.Tokens.AddUser("consumer-2", []) };
        var kubeconfig = Path.Combine(_demo.Kcp.DataDirectory, "isolation.kubeconfig");
        File.Copy(_demo.Kcp.KubeconfigPath, kubeconfig, overwrite: true);
        await DemoKubeconfig.AddContextsAsync(kubeconfig, _demo.Topology, tokens, CancellationToken.None);
        await DemoKubeconfig.AddContextsAsync(kubeconfig, [KeyValuePair.Create("consumer-2", second.Path)], "root", CancellationToken.None, tokens);
        var kubectl = new Kubectl(executable!, kubeconfig, Path.Combine(_demo.Kcp.DataDirectory, "isolation-kubectl-cache"));

        var manifest = Broker.Core.Yaml.YamlJson.ReadDocuments(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Example, "certificate.yaml"))).Single().AsObject();
        manifest["metadata"]!["name"] = "isolated";
        await Consumer.CreateAsync(Certificates, "default", manifest, CancellationToken.None);
        await Eventually.GetAsync("the Secret of Certificate isolated", () => Consumer.GetOrNullAsync(Secrets, "default", "isolated", CancellationToken.None), TimeSpan.FromSeconds(30));
        var staging = (await _demo.Admin.Cluster(_demo.Topology.Platform.Path).ListAllAsync(Workspace.Resource, null, null, CancellationToken.None)).Items
            .Select(w => $"{_demo.Topology.Platform.Path}:{KubeObject.Name(w)}").ToList();
        staging.ShouldNotBeEmpty();

        async Task RefusedAsync(string context, string workspace, string path)
        {
            // get --raw takes the path from the host's root, so the workspace goes into it.
            var result = await kubectl.RunAsync("--context", context, "get", "--raw", $"/clusters/{workspace}{path}");
            (result.ExitCode, result.Error).ShouldSatisfyAllConditions(
                r => r.ExitCode.ShouldBe(1, $"{context} reading {workspace}{path}: {result.All}"),
                r => r.Error.ShouldContain("(Forbidden)", Case.Sensitive, $"{context} reading {workspace}{path}: {result.All}"));
        }

        foreach (var provider in (string[])[_demo.Topology.InternalCa.Path, _demo.Topology.ExternalCa.Path, .. staging, second.Path])
        {
            await RefusedAsync("consumer", provider, "/api/v1/namespaces/default/secrets");
        }

        await RefusedAsync("consumer", _demo.Topology.Platform.Path, "/apis/broker.platform-mesh.io/v1alpha1/placements");
        await RefusedAsync("consumer", _demo.Topology.Platform.Path, "/apis/broker.platform-mesh.io/v1alpha1/migrations");
        await RefusedAsync("consumer-2", _demo.Topology.Consumer.Path, "/api/v1/namespaces/default/secrets");
        (await kubectl.OkAsync("--context", "consumer-2", "get", "certificates", "-A", "-o", "name")).ShouldBeEmpty("a second consumer sees none of the first one's Certificates");

        // A provider: nothing in consumer or staging workspaces, nor in the other provider's; copies only through its export's virtual workspace.
        foreach (var workspace in (string[])[_demo.Topology.Consumer.Path, _demo.Topology.ExternalCa.Path, .. staging])
        {
            await RefusedAsync(DemoEnvironment.InternalCaName, workspace, "/api/v1/namespaces/default/secrets");
        }

        var endpoint = await kubectl.OkAsync("--context", DemoEnvironment.InternalCaName, "get", "apiexportendpointslice", "certificates", "-o", "jsonpath={.status.endpoints[0].url}");
        var copies = await kubectl.OkAsync("--context", DemoEnvironment.InternalCaName, "--server", $"{endpoint}/clusters/*", "get", "certificates", "-A",
            "-o", "jsonpath={range .items[*]}{.metadata.annotations.kcp\\.io/cluster}{\"\\n\"}{end}");
        copies.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldNotContain(_demo.Topology.Consumer.ClusterName, "copies live in staging workspaces, not the consumer's");
        await RefusedAsync(DemoEnvironment.ExternalCaName, _demo.Topology.InternalCa.Path, "/apis/broker.platform-mesh.io/v1alpha1/acceptapis");
        var otherExport = await kubectl.RunAsync("--context", DemoEnvironment.ExternalCaName, "get", "--raw", $"{new Uri(endpoint).AbsolutePath}/clusters/*/apis/example.platform-mesh.io/v1alpha1/certificates");
        otherExport.Error.ShouldContain("(Forbidden)", Case.Sensitive, "external-ca may not read internal-ca's virtual workspace");

        // The broker: nothing of a provider's own beyond its LogicalCluster and export.
        foreach (var path in (string[])["/api/v1/namespaces/default/secrets", "/apis/broker.platform-mesh.io/v1alpha1/acceptapis"])
        {
            using var broker = _demo.Kcp.CreateHttpClient($"clusters/{_demo.Topology.InternalCa.Path}", _demo.Tokens[DemoIdentities.Broker]);
            (await broker.GetAsync(path.TrimStart('/'))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden, path);
        }
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
