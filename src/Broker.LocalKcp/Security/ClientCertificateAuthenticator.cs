using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Broker.LocalKcp.Security;

/// <summary>
/// X.509 client certificates signed by LocalKcp's CA: CN is the user, each O a group (as kube-apiserver's
/// --client-ca-file). Verified chains are remembered by thumbprint, so a connection's requests verify once.
/// </summary>
public sealed class ClientCertificateAuthenticator(X509Certificate2 ca)
{
    private const int MaxRemembered = 1024;
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";
    private readonly ConcurrentDictionary<string, UserInfo?> _verified = new(StringComparer.Ordinal);

    public UserInfo? Authenticate(X509Certificate2 certificate)
    {
        var thumbprint = certificate.Thumbprint;
        if (_verified.TryGetValue(thumbprint, out var known))
        {
            return known;
        }

        var user = Verify(certificate) ? Identity(certificate) : null;
        if (_verified.Count < MaxRemembered)
        {
            _verified[thumbprint] = user;
        }

        return user;
    }

    public static UserInfo? Identity(X509Certificate2 certificate)
    {
        string? name = null;
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var value = rdn.GetSingleElementValue() ?? "";
            switch (rdn.GetSingleElementType().Value)
            {
                case CommonName:
                    name = value;
                    break;
                case Organization:
                    groups.Add(value);
                    break;
            }
        }

        return string.IsNullOrEmpty(name) ? null : new UserInfo(name, groups);
    }

    private bool Verify(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }
}
