using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KcpCerts.Issuer;

/// <summary>A self-signed CA that signs one server certificate per FQDN. ECDSA P-256 throughout: small keys, fast
/// signatures, accepted by every TLS stack a consumer is likely to use.</summary>
public sealed class CertificateAuthority : IDisposable
{
    private const string CertificateFile = "ca.crt";
    private const string KeyFile = "ca.key";
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    // Clocks of the consumer's machines may lag behind ours; a certificate must not start "in the future".
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2 _certificate;
    private readonly ECDsa _key;
    private readonly X509SignatureGenerator _signer;
    private readonly X509AuthorityKeyIdentifierExtension _authorityKeyIdentifier;
    private readonly TimeProvider _time;

    private CertificateAuthority(X509Certificate2 certificate, TimeProvider time)
    {
        _certificate = certificate;
        _key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"CA {Name} has no private key");
        _signer = X509SignatureGenerator.CreateForECDsa(_key);
        _authorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        _time = time;
        CertificatePem = certificate.ExportCertificatePem();
    }

    public string Name => _certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>The CA certificate as PEM: the <c>ca.crt</c> of every Secret.</summary>
    public string CertificatePem { get; }

    /// <summary>Loads the CA from <paramref name="directory"/> if it holds one named <paramref name="name"/>;
    /// otherwise creates one and, when a directory is given, saves it there (key readable by the owner only).</summary>
    public static CertificateAuthority LoadOrCreate(string name, string? directory, TimeProvider time)
    {
        if (directory is not null && Load(directory, time) is { } loaded)
        {
            if (loaded.Name == name)
            {
                return loaded;
            }

            loaded.Dispose(); // renamed provider: a new CA, as the name is what consumers see
        }

        var created = new CertificateAuthority(CreateSelfSigned(name, time), time);
        if (directory is not null)
        {
            created.Save(directory);
        }

        return created;
    }

    /// <summary>Signs a fresh key pair for <paramref name="fqdn"/> (CN and the only DNS SAN).</summary>
    public IssuedCertificate Issue(string fqdn, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(fqdn);
        X509Extension[] extensions =
        [
            names.Build(),
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
            new X509EnhancedKeyUsageExtension([ServerAuth], critical: false),
            new X509SubjectKeyIdentifierExtension(new PublicKey(key), critical: false),
            _authorityKeyIdentifier,
        ];

        var now = _time.GetUtcNow();
        var caNotAfter = new DateTimeOffset(_certificate.NotAfter.ToUniversalTime());
        var notAfter = CertificateEncoder.WholeSeconds(now + lifetime < caNotAfter ? now + lifetime : caNotAfter); // a leaf may not outlive its CA
        var der = CertificateEncoder.Sign(
            _signer, _certificate.SubjectName, new X500DistinguishedName($"CN={fqdn}"), key.ExportSubjectPublicKeyInfo(),
            RandomNumberGenerator.GetBytes(16), now - Backdate, notAfter, extensions);
        return new IssuedCertificate(PemEncoding.WriteString("CERTIFICATE", der), key.ExportPkcs8PrivateKeyPem(), CertificatePem, notAfter);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (expiry is checked by the caller).</summary>
    public bool Signed(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTimeIgnored = true;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _key.Dispose();
        _certificate.Dispose();
    }

    private static X509Certificate2 CreateSelfSigned(string name, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now - Backdate, now + CaLifetime);

        // Re-import through PEM so the private key stays usable for signing on every platform.
        return X509Certificate2.CreateFromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static CertificateAuthority? Load(string directory, TimeProvider time)
    {
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        return new CertificateAuthority(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath)), time);
    }

    private void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var keyPath = Path.Combine(directory, KeyFile);
        File.WriteAllText(keyPath, _key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(Path.Combine(directory, CertificateFile), CertificatePem);
    }
}
