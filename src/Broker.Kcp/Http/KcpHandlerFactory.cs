using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Http;

/// <summary>Builds one pooled socket handler per server: TLS per kubeconfig, HTTP/2 keep-alive pings so a dead
/// connection is noticed under long watches, and several HTTP/2 connections so many watches do not stall on one.</summary>
internal static class KcpHandlerFactory
{
    /// <summary><paramref name="execCertificate"/>: the client certificate an exec plugin handed out last, read at each TLS
    /// handshake (a certificate it rotates is used by the connections opened after that).</summary>
    public static SocketsHttpHandler Create(KcpCredentials credentials, Func<X509Certificate2?>? execCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        if (credentials.ClientCertificatePem is { } cert && credentials.ClientKeyPem is { } key)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificates.FromPem(cert, key)];
        }
        else if (execCertificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => execCertificate()!; // null: none to offer
        }

        if (credentials.TlsServerName is { Length: > 0 } serverName)
        {
            handler.SslOptions.TargetHost = serverName;
        }

        if (credentials.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (credentials.CertificateAuthorityPem is { } caPem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(roots, certificate, errors);
        }

        return handler;
    }

    // Like kubectl, a configured CA replaces the system roots rather than adding to them.
    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
