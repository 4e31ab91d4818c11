using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KcpCerts.Issuer;

namespace Broker.Demo.Tests;

public sealed class CertificateEncoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [TestCase("00000005", "05")]
    [TestCase("0080", "0080")] // the high bit set: DER needs one zero octet to keep it positive
    [TestCase("FF01", "00FF01")]
    [TestCase("7F", "7F")]
    public void Sign_SerialNumber_MinimalPositiveInteger(string given, string encoded)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var certificate = X509CertificateLoader.LoadCertificate(Sign(key, Convert.FromHexString(given)));

        Convert.ToHexString(certificate.GetSerialNumber().Reverse().ToArray()).ShouldBe(encoded);
        certificate.SerialNumber.ShouldBe(encoded);
    }

    [TestCase("")]
    [TestCase("0000")]
    public void Sign_SerialNumberZero_Rejected(string given)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Should.Throw<ArgumentException>(() => Sign(key, Convert.FromHexString(given))).Message.ShouldContain("positive");
    }

    [Test]
    public void Sign_SelfSigned_SignatureVerifiesWithTheIssuerKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var certificate = X509CertificateLoader.LoadCertificate(Sign(key, [1]));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        chain.Build(certificate).ShouldBeTrue();
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.ShouldBeTrue();
    }

    private static byte[] Sign(ECDsa key, byte[] serialNumber)
    {
        var name = new X500DistinguishedName("CN=test");
        return CertificateEncoder.Sign(
            X509SignatureGenerator.CreateForECDsa(key), name, name, key.ExportSubjectPublicKeyInfo(), serialNumber, Now, Now.AddDays(1),
            [new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true)]);
    }
}
