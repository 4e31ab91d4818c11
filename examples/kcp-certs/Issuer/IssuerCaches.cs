using Broker.Runtime.Cache;

namespace KcpCerts.Issuer;

/// <summary>
/// What the reconciler reads instead of the server: the Certificates and the issuer's Secrets, as the watches
/// last saw them. A read may be a moment behind; every write carries the resourceVersion it read, so a stale
/// read costs a retry (409), never a lost update.
/// </summary>
/// <param name="SecretsSynced">Whether the Secret watch of an endpoint URL has listed once: before that, the cache
/// proves nothing.</param>
internal sealed record IssuerCaches(IObjectReader Certificates, IObjectReader Secrets, Func<Uri, bool> SecretsSynced);
