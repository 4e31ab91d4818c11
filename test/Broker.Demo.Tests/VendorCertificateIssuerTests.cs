using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>The example issuer serving the demo vendor's own API (IssuerOptions.Api = Vendor): a VendorCertificate gets
/// phase Pending, then Issued with secretName and a Secret signed for spec.commonName; a name it cannot sign is Failed.</summary>
public sealed class VendorCertificateIssuerTests
{
    private static readonly GroupVersionResource VendorCertificates = new("vendor.example.com", "v1alpha1", "vendorcertificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private IssuerFixture _fixture = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp() => _fixture = await IssuerFixture.StartAsync(issueDelay: TimeSpan.FromMilliseconds(600), vendor: true);

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _fixture.DisposeAsync();

    [Test]
    public async Task Create_PendingThenIssuedWithSecretName_SecretSignedForCommonName()
    {
        var phases = new List<string>();
        await _fixture.Consumer.CreateAsync(VendorCertificates, "default", Vendor("shop", "shop.vendor.example"), CancellationToken.None);

        var issued = await Eventually.GetAsync("VendorCertificate shop Issued", async () =>
        {
            var current = await _fixture.Consumer.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None);
            if ((string?)current["status"]?["phase"] is { } phase && (phases.Count == 0 || phases[^1] != phase))
            {
                phases.Add(phase);
            }

            return (string?)current["status"]?["phase"] == "Issued" ? current : null;
        });

        phases.ShouldBe(["Pending", "Issued"]);
        ((string?)issued["status"]!["secretName"]).ShouldBe("shop");
        ((string?)issued["status"]!["message"])!.ShouldStartWith("certificate for shop.vendor.example issued by test-ca");
        issued["status"]!["status"].ShouldBeNull("the vendor's status has no provider-contract fields");
        issued["status"]!["relatedResources"].ShouldBeNull();
        var secret = await _fixture.Consumer.GetAsync(Secrets, "default", "shop", CancellationToken.None);
        ((string?)secret["metadata"]!["ownerReferences"]![0]!["kind"]).ShouldBe("VendorCertificate");
        ((string?)secret["metadata"]!["ownerReferences"]![0]!["apiVersion"]).ShouldBe("vendor.example.com/v1alpha1");
        using var leaf = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["tls.crt"]!)));
        leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false).ShouldBe("shop.vendor.example");
        leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true).ShouldBe(IssuerFixture.CaName);
    }

    [Test]
    public async Task Create_CommonNameNotADnsName_Failed()
    {
        await _fixture.Consumer.CreateAsync(VendorCertificates, "default", Vendor("odd", "Not_A.Name"), CancellationToken.None);

        var failed = await Eventually.GetAsync("VendorCertificate odd Failed", async () =>
        {
            var current = await _fixture.Consumer.GetAsync(VendorCertificates, "default", "odd", CancellationToken.None);
            return (string?)current["status"]?["phase"] == "Failed" ? current : null;
        });

        ((string?)failed["status"]!["message"]).ShouldStartWith("spec.commonName 'Not_A.Name' is not a lower-case DNS name");
        failed["status"]!["secretName"].ShouldBeNull();
    }

    private static JsonObject Vendor(string name, string commonName) => new()
    {
        ["apiVersion"] = "vendor.example.com/v1alpha1",
        ["kind"] = "VendorCertificate",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["commonName"] = commonName, ["dnsNames"] = new JsonArray(commonName) },
    };
}
