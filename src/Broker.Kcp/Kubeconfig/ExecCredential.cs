using System.Security.Cryptography.X509Certificates;

namespace Broker.Kcp.Kubeconfig;

/// <summary>What an exec credential plugin handed out: a bearer token, a client certificate with its key, or both, and its
/// <c>expirationTimestamp</c>.</summary>
public sealed record ExecCredential(string? Token, X509Certificate2? Certificate, DateTimeOffset? Expires = null) : IBearerCredential;
