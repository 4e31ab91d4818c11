using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>A provider whose schema lets anything through (an older or hand-written one): the issuer must still turn
/// bad input into a Failed status, never a crash, and keep issuing the rest. (The real schema's CEL rule would refuse
/// most of these at admission on kcp.)</summary>
public sealed class CertificateIssuerLaxSchemaTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private IssuerFixture _fixture = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp() => _fixture = await IssuerFixture.StartAsync(TimeSpan.Zero, JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
        """)!.AsObject());

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _fixture.DisposeAsync();

    [TestCase("nofqdn", null, "spec.fqdn is required")]
    [TestCase("number", 42, "spec.fqdn must be a string such as app.internal.corp, not 42")]
    [TestCase("toolong", "a123456789012345678901234567890123456789012345678901234567890123.internal.corp", "is not a lower-case DNS name")]
    [TestCase("underscore", "Not_A.Name", "spec.fqdn 'Not_A.Name' is not a lower-case DNS name")]
    [TestCase("upper", "App.Internal.Corp", "spec.fqdn 'App.Internal.Corp' is not a lower-case DNS name")]
    public async Task Create_BadFqdn_FailedWithClearMessage(string name, object? fqdn, string message)
    {
        var certificate = IssuerFixture.Certificate(name, null);
        certificate["spec"]!["fqdn"] = fqdn switch { null => null, int n => n, _ => (string)fqdn };
        if (fqdn is null)
        {
            certificate["spec"]!.AsObject().Remove("fqdn");
        }

        await _fixture.Consumer.CreateAsync(Certificates, "default", certificate, CancellationToken.None);

        var failed = await Eventually.GetAsync($"Certificate {name} to fail", async () =>
        {
            var current = await _fixture.Consumer.GetAsync(Certificates, "default", name, CancellationToken.None);
            return CertificateIssuerTests.Phase(current) == "Failed" ? current : null;
        });
        var ready = CertificateIssuerTests.Ready(failed);
        ready["status"]!.GetValue<string>().ShouldBe("False");
        ready["reason"]!.GetValue<string>().ShouldBe("InvalidSpec");
        ready["message"]!.GetValue<string>().ShouldContain(message);
    }

    [Test]
    public async Task Create_BadAndGood_GoodOneStillIssuedWithoutDelay()
    {
        await _fixture.Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("broken", null), CancellationToken.None);
        await _fixture.Consumer.CreateAsync(Certificates, "default", IssuerFixture.Certificate("fine", "fine.internal.corp"), CancellationToken.None);

        // The Secret is written before the status says Available, so wait for the status.
        await Eventually.GetAsync("Certificate fine to become Available", async () =>
        {
            var current = await _fixture.Consumer.GetAsync(Certificates, "default", "fine", CancellationToken.None);
            return CertificateIssuerTests.Phase(current) == "Available" ? current : null;
        });
        (await _fixture.Consumer.GetAsync(Secrets, "default", "fine", CancellationToken.None))["type"]!.GetValue<string>().ShouldBe("kubernetes.io/tls");
        await Eventually.GetAsync("Certificate broken to fail", async () =>
        {
            var current = await _fixture.Consumer.GetAsync(Certificates, "default", "broken", CancellationToken.None);
            return CertificateIssuerTests.Phase(current) == "Failed" ? current : null;
        });
    }
}
