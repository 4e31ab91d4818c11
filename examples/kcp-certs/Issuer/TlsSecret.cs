using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace KcpCerts.Issuer;

/// <summary>The kubernetes.io/tls Secret the issuer writes next to a Certificate, and what it reads back from one.</summary>
internal static class TlsSecret
{
    public const string Type = "kubernetes.io/tls";

    /// <summary>The Secret for <paramref name="certificate"/>, owned by it, holding <paramref name="issued"/>.</summary>
    public static JsonObject Build(JsonObject certificate, IssuedCertificate issued, CertificateApi api)
    {
        var name = KubeObject.Name(certificate);
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = KubeObject.Namespace(certificate),
            ["labels"] = new JsonObject { [IssuerResources.CertificateLabel] = name },
        };
        if (KubeObject.Metadata(certificate)?["uid"]?.GetValue<string>() is { Length: > 0 } uid)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = api.Resource.ApiVersion,
                ["kind"] = api.Kind,
                ["name"] = name,
                ["uid"] = uid,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = Type,
            ["data"] = new JsonObject
            {
                ["tls.crt"] = Base64(issued.CertificatePem),
                ["tls.key"] = Base64(issued.PrivateKeyPem),
                ["ca.crt"] = Base64(issued.CaCertificatePem),
            },
        };
    }

    /// <summary>True when the Secret carries the issuer's label, i.e. the issuer may overwrite and delete it.</summary>
    public static bool IsOurs(JsonObject secret) => KubeObject.Label(secret, IssuerResources.CertificateLabel) is not null;

    /// <summary>The certificate in <c>tls.crt</c>, or null when it is missing or unreadable (then it is reissued).</summary>
    public static X509Certificate2? ReadCertificate(JsonObject secret)
    {
        if (secret["data"]?["tls.crt"]?.GetValue<string>() is not { Length: > 0 } data)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(data)));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The DNS names in the certificate's subjectAltName extension.</summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
