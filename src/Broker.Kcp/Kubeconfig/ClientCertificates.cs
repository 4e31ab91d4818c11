using System.Security.Cryptography.X509Certificates;

namespace Broker.Kcp.Kubeconfig;

/// <summary>Client certificates from PEM, as kubeconfigs and exec plugins give them.</summary>
internal static class ClientCertificates
{
    // Round-trip through PKCS#12 so the key is usable for TLS client authentication on every platform.
    public static X509Certificate2 FromPem(string certificatePem, string keyPem)
    {
        using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
