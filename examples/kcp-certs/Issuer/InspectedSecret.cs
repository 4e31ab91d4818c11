namespace KcpCerts.Issuer;

/// <summary>What the issuer concluded from one version of a Secret: the expiry of a certificate it signed for
/// <see cref="Fqdn"/>, or null when the Secret does not hold one.</summary>
internal sealed record InspectedSecret(string ResourceVersion, string Fqdn, DateTimeOffset? ValidUntil);
