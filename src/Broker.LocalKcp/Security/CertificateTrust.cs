using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Broker.LocalKcp.Security;

/// <summary>Validates LocalKcp's serving certificate against its own CA only (for HttpClients in tests and tools).</summary>
public static class CertificateTrust
{
    public static Func<object, X509Certificate?, X509Chain?, SslPolicyErrors, bool> TrustOnly(X509Certificate2 ca) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
}
