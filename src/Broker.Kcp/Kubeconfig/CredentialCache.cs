namespace Broker.Kcp.Kubeconfig;

/// <summary>
/// One renewable credential (an exec plugin's, an OIDC id-token): handed out while it is usable, that is until
/// <paramref name="skew"/> before it expires and never again once the server rejected it, and otherwise renewed once for
/// every caller waiting meanwhile.
/// </summary>
internal sealed class CredentialCache<TCredential>(TimeProvider time, TimeSpan skew, TCredential? initial = null)
    where TCredential : class, IBearerCredential
{
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private TCredential? _current = initial;

    /// <summary>The credential last handed out or renewed, usable or not.</summary>
    public TCredential? Current => Volatile.Read(ref _current);

    public async Task<TCredential> GetAsync(TCredential? rejected, Func<CancellationToken, Task<TCredential>> renew, CancellationToken cancellationToken)
    {
        if (Usable(rejected) is { } credential)
        {
            return credential;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (Usable(rejected) is { } fresh)
            {
                return fresh; // another caller renewed it meanwhile
            }

            var renewed = await renew(cancellationToken);
            Volatile.Write(ref _current, renewed);
            return renewed;
        }
        finally
        {
            _renewing.Release();
        }
    }

    private TCredential? Usable(TCredential? rejected) =>
        Current is { } credential && !ReferenceEquals(credential, rejected) && (credential.Expires is null || time.GetUtcNow() < credential.Expires.Value - skew)
            ? credential
            : null;
}
