using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Broker.LocalKcp.Security;

/// <summary>
/// The CA and the serving certificate for 127.0.0.1/localhost, generated at first start and kept as PEM
/// files in the data folder (ca.crt, ca.key, apiserver.crt, apiserver.key) so kubeconfigs stay valid.
/// </summary>
public sealed class ServingCertificates : IDisposable
{
    private ServingCertificates(X509Certificate2 ca, X509Certificate2 serving)
    {
        Ca = ca;
        Serving = serving;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Serving { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public static ServingCertificates LoadOrCreate(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var caCert = Path.Combine(directory, "ca.crt");
        var caKey = Path.Combine(directory, "ca.key");
        var servingCert = Path.Combine(directory, "apiserver.crt");
        var servingKey = Path.Combine(directory, "apiserver.key");
        if (!File.Exists(caCert) || !File.Exists(caKey) || !File.Exists(servingCert) || !File.Exists(servingKey))
        {
            Generate(time, caCert, caKey, servingCert, servingKey);
        }

        var ca = X509Certificate2.CreateFromPemFile(caCert, caKey);
        var serving = X509Certificate2.CreateFromPemFile(servingCert, servingKey);
        return new ServingCertificates(ca, serving);
    }

    /// <summary>A client certificate signed by the CA: CN = <paramref name="user"/>, one O per group; PEM certificate and key.</summary>
    public (string CertificatePem, string KeyPem) IssueClientCertificate(string user, IReadOnlyList<string> groups, TimeProvider time)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var now = time.GetUtcNow();
        using var certificate = request.Create(Ca, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Serving.Dispose();
    }

    private static void Generate(TimeProvider time, string caCert, string caKey, string servingCert, string servingKey)
    {
        var now = time.GetUtcNow();
        using var caKeyPair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=localkcp-ca", caKeyPair, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var servingKeyPair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localkcp", servingKeyPair, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var serving = request.Create(ca, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(caCert, ca.ExportCertificatePem());
        File.WriteAllText(caKey, caKeyPair.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(servingCert, serving.ExportCertificatePem());
        File.WriteAllText(servingKey, servingKeyPair.ExportPkcs8PrivateKeyPem());
    }
}
