using System.Net.Http.Headers;

namespace Broker.Kcp.Http;

/// <summary>Sends the bearer token of a kubeconfig <c>tokenFile</c>, re-reading the file once a minute so rotated
/// tokens (projected service-account tokens rotate hourly) are picked up without a restart, as client-go does.</summary>
internal sealed class TokenFileHandler(string path, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        return base.SendAsync(request, cancellationToken);
    }

    private string Token()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_token is null || now - _readAt >= RereadAfter)
            {
                try
                {
                    _token = File.ReadAllText(path).Trim();
                    _readAt = now;
                }
                catch (IOException) when (_token is not null)
                {
                    // Mid-rotation or briefly missing: keep the last token and try again on the next request.
                }
            }

            return _token;
        }
    }
}
