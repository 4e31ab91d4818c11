namespace KcpCerts.Issuer;

/// <summary>A signed certificate, its private key and the CA certificate, all PEM: the data of a kubernetes.io/tls Secret.</summary>
public sealed record IssuedCertificate(string CertificatePem, string PrivateKeyPem, string CaCertificatePem, DateTimeOffset NotAfter);
