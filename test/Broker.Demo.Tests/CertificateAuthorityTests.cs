using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Broker.Testing.Time;
using KcpCerts.Issuer;

namespace Broker.Demo.Tests;

public sealed class CertificateAuthorityTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "kcp-certs-ca-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Issue_Fqdn_LeafChainsToCaWithNameAsCnAndOnlySan()
    {
        using var ca = CertificateAuthority.LoadOrCreate("internal-ca", null, TimeProvider.System);

        var issued = ca.Issue("app.internal.corp", TimeSpan.FromDays(90));

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.PrivateKeyPem);
        leaf.Subject.ShouldBe("CN=app.internal.corp");
        leaf.Issuer.ShouldBe("CN=internal-ca");
        leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ShouldBe(["app.internal.corp"]);
        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.ShouldBeFalse();
        ca.Signed(leaf).ShouldBeTrue();
        issued.CaCertificatePem.ShouldBe(ca.CertificatePem);
    }

    [Test]
    public void Issue_Fqdn_ServerCertificateExtensionsAsRfc5280()
    {
        var time = new FakeClock(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 678, TimeSpan.Zero));
        using var ca = CertificateAuthority.LoadOrCreate("internal-ca", null, time);
        using var caCertificate = X509Certificate2.CreateFromPem(ca.CertificatePem);

        var issued = ca.Issue("app.internal.corp", TimeSpan.FromDays(90));

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.PrivateKeyPem);
        leaf.Version.ShouldBe(3);
        new BigInteger(leaf.GetSerialNumber(), isUnsigned: false, isBigEndian: false).Sign.ShouldBe(1, "RFC 5280 4.1.2.2: a positive serial number");
        leaf.SignatureAlgorithm.Value.ShouldBe("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
        leaf.GetKeyAlgorithm().ShouldBe("1.2.840.10045.2.1");
        leaf.NotBefore.ToUniversalTime().ShouldBe(new DateTime(2026, 11, 22, 10, 25, 15, DateTimeKind.Utc));
        leaf.NotAfter.ToUniversalTime().ShouldBe(new DateTime(2027, 2, 20, 10, 30, 15, DateTimeKind.Utc));
        issued.NotAfter.ShouldBe(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        (keyUsage.KeyUsages, keyUsage.Critical).ShouldBe((X509KeyUsageFlags.DigitalSignature, true));
        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().Critical.ShouldBeTrue();
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ShouldBe(["1.3.6.1.5.5.7.3.1"]);
        var subjectKey = leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier;
        subjectKey.ShouldBe(new X509SubjectKeyIdentifierExtension(leaf.PublicKey, critical: false).SubjectKeyIdentifier);
        var authorityKey = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        Convert.ToHexString(authorityKey!.Value.Span).ShouldBe(caCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier);
        using var key = leaf.GetECDsaPrivateKey()!;
        using var publicKey = leaf.GetECDsaPublicKey()!;
        publicKey.VerifyData("proof"u8, key.SignData("proof"u8, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256).ShouldBeTrue();
    }

    [Test]
    public void Issue_TwoCertificates_DistinctKeysAndSerials()
    {
        using var ca = CertificateAuthority.LoadOrCreate("internal-ca", null, TimeProvider.System);

        using var first = X509Certificate2.CreateFromPem(ca.Issue("a.internal.corp", TimeSpan.FromDays(1)).CertificatePem);
        using var second = X509Certificate2.CreateFromPem(ca.Issue("a.internal.corp", TimeSpan.FromDays(1)).CertificatePem);

        first.SerialNumber.ShouldNotBe(second.SerialNumber);
        first.PublicKey.EncodedKeyValue.RawData.ShouldNotBe(second.PublicKey.EncodedKeyValue.RawData);
    }

    [Test]
    public void Issue_NotAfterFrom2050_GeneralizedTimeAndCappedByTheCa()
    {
        var time = new FakeClock(new DateTimeOffset(2045, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var ca = CertificateAuthority.LoadOrCreate("internal-ca", null, time);
        using var caCertificate = X509Certificate2.CreateFromPem(ca.CertificatePem);

        var issued = ca.Issue("app.internal.corp", TimeSpan.FromDays(365 * 20));

        using var leaf = X509Certificate2.CreateFromPem(issued.CertificatePem);
        leaf.NotAfter.ShouldBe(caCertificate.NotAfter); // 2055: GeneralizedTime, read back as written
        leaf.NotAfter.Year.ShouldBeGreaterThanOrEqualTo(2050);
        using var chain = new X509Chain(); // CertificateAuthority.Signed ignores time, which OpenSSL does not for a CA not yet valid
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.Build(leaf).ShouldBeTrue();
    }

    [Test]
    public void Signed_LeafOfAnotherCaWithTheSameName_False()
    {
        using var ours = CertificateAuthority.LoadOrCreate("internal-ca", null, TimeProvider.System);
        using var impostor = CertificateAuthority.LoadOrCreate("internal-ca", null, TimeProvider.System);

        using var leaf = X509Certificate2.CreateFromPem(impostor.Issue("app.internal.corp", TimeSpan.FromDays(1)).CertificatePem);

        ours.Signed(leaf).ShouldBeFalse();
    }

    [Test]
    public void LoadOrCreate_SameDirectory_SameCaAndPrivateKeyFile()
    {
        string first;
        using (var created = CertificateAuthority.LoadOrCreate("internal-ca", _directory, TimeProvider.System))
        {
            first = created.CertificatePem;
        }

        using var loaded = CertificateAuthority.LoadOrCreate("internal-ca", _directory, TimeProvider.System);

        loaded.CertificatePem.ShouldBe(first);
        using var leaf = X509Certificate2.CreateFromPem(loaded.Issue("x.internal.corp", TimeSpan.FromDays(1)).CertificatePem);
        loaded.Signed(leaf).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(_directory, "ca.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public void LoadOrCreate_DirectoryHoldsAnotherName_NewCa()
    {
        using (CertificateAuthority.LoadOrCreate("internal-ca", _directory, TimeProvider.System))
        {
        }

        using var renamed = CertificateAuthority.LoadOrCreate("external-ca", _directory, TimeProvider.System);

        renamed.Name.ShouldBe("external-ca");
    }
}
