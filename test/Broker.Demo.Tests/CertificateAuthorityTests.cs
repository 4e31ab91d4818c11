using System.Security.Cryptography.X509Certificates;
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
