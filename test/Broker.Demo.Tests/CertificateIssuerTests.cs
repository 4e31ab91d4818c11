using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>The example issuer against LocalKcp: a Certificate in a workspace that binds the provider's export gets a
/// Secret signed by the provider's CA, through the export's virtual workspace.</summary>
public sealed class CertificateIssuerTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private IssuerFixture _fixture = null!;

    private ClusterClient Consumer => _fixture.Consumer;

    [OneTimeSetUp]
    public async Task OneTimeSetUp() => _fixture = await IssuerFixture.StartAsync(issueDelay: TimeSpan.FromMilliseconds(600));

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _fixture.DisposeAsync();

    [Test]
    public async Task Create_ValidFqdn_ProvisioningThenAvailableWithSignedSecret()
    {
        var phases = new List<string>();
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("app", "app.internal.corp"), CancellationToken.None);

        var certificate = await Eventually.GetAsync("Certificate app to become Available", async () =>
        {
            var current = await Consumer.GetAsync(Certificates, "default", "app", CancellationToken.None);
            if (Phase(current) is { } phase && (phases.Count == 0 || phases[^1] != phase))
            {
                phases.Add(phase);
            }

            return Phase(current) == "Available" ? current : null;
        });

        phases.ShouldBe(["Provisioning", "Available"]);
        var ready = Ready(certificate);
        ready["status"]!.GetValue<string>().ShouldBe("True");
        ready["reason"]!.GetValue<string>().ShouldBe("Issued");
        var related = certificate["status"]!["relatedResources"]!["secret"]!;
        related["name"]!.GetValue<string>().ShouldBe("app");
        related["namespace"]!.GetValue<string>().ShouldBe("default");
        related["gvk"]!.ToJsonString().ShouldBe("""{"group":"","version":"v1","kind":"Secret"}""");
        certificate["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldContain("kcp-certs.example.platform-mesh.io/issuer");

        var secret = await Consumer.GetAsync(Secrets, "default", "app", CancellationToken.None);
        secret["type"]!.GetValue<string>().ShouldBe("kubernetes.io/tls");
        using var leaf = X509Certificate2.CreateFromPem(Data(secret, "tls.crt"), Data(secret, "tls.key")); // the key matches
        leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true).ShouldBe(IssuerFixture.CaName);
        leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false).ShouldBe("app.internal.corp");
        DnsNames(leaf).ShouldBe(["app.internal.corp"]);
        (leaf.NotAfter - leaf.NotBefore).TotalDays.ShouldBe(90, tolerance: 0.1);
        Data(secret, "ca.crt").ShouldBe(_fixture.Issuer.CaCertificatePem);
    }

    [Test]
    public async Task Update_FqdnChanged_ReissuesIntoTheSameSecret()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("moving", "old.internal.corp"), CancellationToken.None);
        var first = await SecretForAsync("moving", "old.internal.corp");

        await Consumer.PatchAsync(Certificates, "default", "moving", PatchType.Merge, JsonNode.Parse("""{"spec":{"fqdn":"new.internal.corp"}}""")!, CancellationToken.None);
        var second = await SecretForAsync("moving", "new.internal.corp");

        second["metadata"]!["uid"]!.GetValue<string>().ShouldBe(first["metadata"]!["uid"]!.GetValue<string>());
        await Eventually.GetAsync("status to say Available for the new name", async () =>
        {
            var current = await Consumer.GetAsync(Certificates, "default", "moving", CancellationToken.None);
            return Phase(current) == "Available" && Ready(current)["message"]!.GetValue<string>().Contains("new.internal.corp", StringComparison.Ordinal) ? current : null;
        });
    }

    [Test]
    public async Task Delete_IssuedCertificate_RemovesSecretThenReleasesFinalizer()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("doomed", "doomed.internal.corp"), CancellationToken.None);
        await SecretForAsync("doomed", "doomed.internal.corp");

        (await Consumer.DeleteAsync(Certificates, "default", "doomed", null, CancellationToken.None)).ShouldNotBeNull(); // held by the finalizer

        await Eventually.GetAsync("Certificate doomed to be gone", async () =>
        {
            try
            {
                await Consumer.GetAsync(Certificates, "default", "doomed", CancellationToken.None);
                return null;
            }
            catch (NotFoundException)
            {
                return "gone";
            }
        });
        await Should.ThrowAsync<NotFoundException>(Consumer.GetAsync(Secrets, "default", "doomed", CancellationToken.None));
    }

    [Test]
    public async Task Resync_NothingChanged_WritesNothing()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("steady", "steady.internal.corp"), CancellationToken.None);
        await SecretForAsync("steady", "steady.internal.corp");
        var certificate = await Eventually.GetAsync("Certificate steady to become Available", async () =>
        {
            var current = await Consumer.GetAsync(Certificates, "default", "steady", CancellationToken.None);
            return Phase(current) == "Available" ? current : null;
        });
        var secret = await Consumer.GetAsync(Secrets, "default", "steady", CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(1)); // five resync periods of 200 ms

        KubeObject.ResourceVersion(await Consumer.GetAsync(Certificates, "default", "steady", CancellationToken.None)).ShouldBe(KubeObject.ResourceVersion(certificate));
        KubeObject.ResourceVersion(await Consumer.GetAsync(Secrets, "default", "steady", CancellationToken.None)).ShouldBe(KubeObject.ResourceVersion(secret));
    }

    [Test]
    public async Task Restart_CaKeptOnDisk_NothingRewritten()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("durable", "durable.internal.corp"), CancellationToken.None);
        await SecretForAsync("durable", "durable.internal.corp");
        var certificate = await Eventually.GetAsync("Certificate durable to become Available", async () =>
        {
            var current = await Consumer.GetAsync(Certificates, "default", "durable", CancellationToken.None);
            return Phase(current) == "Available" ? current : null;
        });
        var secret = await Consumer.GetAsync(Secrets, "default", "durable", CancellationToken.None);
        var ca = _fixture.Issuer.CaCertificatePem;

        await _fixture.RestartIssuerAsync();
        await Eventually.GetAsync("the new issuer to load its CA", () => Task.FromResult(_fixture.Issuer.CaCertificatePem));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the initial list and several resyncs

        _fixture.Issuer.CaCertificatePem.ShouldBe(ca);
        KubeObject.ResourceVersion(await Consumer.GetAsync(Certificates, "default", "durable", CancellationToken.None)).ShouldBe(KubeObject.ResourceVersion(certificate));
        KubeObject.ResourceVersion(await Consumer.GetAsync(Secrets, "default", "durable", CancellationToken.None)).ShouldBe(KubeObject.ResourceVersion(secret));
    }

    [Test]
    public async Task Delete_SecretOfIssuedCertificate_SecretRewritten()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("restored", "restored.internal.corp"), CancellationToken.None);
        var first = await SecretForAsync("restored", "restored.internal.corp");

        await Consumer.DeleteAsync(Secrets, "default", "restored", null, CancellationToken.None);

        var second = await SecretForAsync("restored", "restored.internal.corp");
        second["metadata"]!["uid"]!.GetValue<string>().ShouldNotBe(first["metadata"]!["uid"]!.GetValue<string>());
    }

    // The issuer keeps its verdict on a Secret per resourceVersion, including the one it wrote itself: any edit is a new
    // version and is inspected again.
    [Test]
    public async Task Edit_SecretCertificateReplacedByAnotherSigner_Reissued()
    {
        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("edited", "edited.internal.corp"), CancellationToken.None);
        var issued = await SecretForAsync("edited", "edited.internal.corp");

        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("CN=edited.internal.corp", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("edited.internal.corp");
        request.CertificateExtensions.Add(names.Build());
        using var foreign = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(30));
        issued["data"]!["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(foreign.ExportCertificatePem()));
        await Consumer.UpdateAsync(Secrets, issued, CancellationToken.None);

        await Eventually.GetAsync("Secret edited signed by the issuer again", async () =>
        {
            var secret = await Consumer.GetAsync(Secrets, "default", "edited", CancellationToken.None);
            using var leaf = X509Certificate2.CreateFromPem(Data(secret, "tls.crt"));
            return leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true) == IssuerFixture.CaName ? secret : null;
        });
    }

    [Test]
    public async Task Create_SecretOfTheSameNameExists_FailedWithoutTouchingIt()
    {
        var foreign = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "taken" },
            ["stringData"] = new JsonObject { ["password"] = "hunter2" },
        };
        var created = await Consumer.CreateAsync(Secrets, "default", foreign, CancellationToken.None);

        await Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("taken", "taken.internal.corp"), CancellationToken.None);

        var certificate = await Eventually.GetAsync("Certificate taken to fail", async () =>
        {
            var current = await Consumer.GetAsync(Certificates, "default", "taken", CancellationToken.None);
            return Phase(current) == "Failed" ? current : null;
        });
        Ready(certificate)["reason"]!.GetValue<string>().ShouldBe("SecretConflict");

        // It stays failed: no new provisioning round while the foreign Secret is there (the issue delay is 600 ms).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var later = await Consumer.GetAsync(Certificates, "default", "taken", CancellationToken.None);
        Phase(later).ShouldBe("Failed");
        KubeObject.ResourceVersion(later).ShouldBe(KubeObject.ResourceVersion(certificate));
        KubeObject.ResourceVersion(await Consumer.GetAsync(Secrets, "default", "taken", CancellationToken.None)).ShouldBe(KubeObject.ResourceVersion(created));
    }

    internal static string? Phase(JsonObject certificate) => certificate["status"]?["status"]?.GetValue<string>();

    internal static JsonObject Ready(JsonObject certificate) =>
        certificate["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!.AsObject();

    private static string Data(JsonObject secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key]!.GetValue<string>()));

    private static List<string> DnsNames(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())];

    /// <summary>Waits until the Secret holds a certificate for <paramref name="fqdn"/>.</summary>
    private Task<JsonObject> SecretForAsync(string name, string fqdn) =>
        Eventually.GetAsync($"Secret {name} with a certificate for {fqdn}", async () =>
        {
            var secret = await Consumer.GetAsync(Secrets, "default", name, CancellationToken.None);
            using var leaf = X509Certificate2.CreateFromPem(Data(secret, "tls.crt"));
            return DnsNames(leaf).SequenceEqual([fqdn]) ? secret : null;
        });
}
