using System.Net.Http.Headers;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Http;

/// <summary>Sends the bearer token of a kubeconfig <c>tokenFile</c>, re-reading the file once a minute so rotated
/// tokens (projected service-account tokens rotate hourly) are picked up without a restart, as client-go does; after a 401
/// the file is read again on the next request rather than a minute later. A file that cannot be read before any token was
/// is a <see cref="KubeconfigException"/> naming the kubeconfig and the file.</summary>
internal sealed class TokenFileHandler(string path, string source, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            lock (_gate)
            {
                _readAt = DateTimeOffset.MinValue; // rejected: the file may hold its successor already
            }
        }

        return response;
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
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Mid-rotation or briefly missing: keep the last token and try again on the next request.
                    if (_token is null)
                    {
                        throw new KubeconfigException($"{source}: tokenFile {path}: {e.Message}", e);
                    }
                }
            }

            return _token;
        }
    }
}
