using Microsoft.Extensions.Hosting;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// LocalKcp is a library: the embedding process owns Ctrl-C and SIGTERM, so the web host must not
/// install its console lifetime (which would swallow the signals and block shutdown).
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
