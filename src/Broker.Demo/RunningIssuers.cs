using KcpCerts.Issuer;
using Microsoft.Extensions.Logging;

namespace Broker.Demo;

/// <summary>Example issuers running in the background; disposing cancels them and waits until they have stopped.</summary>
internal sealed partial class RunningIssuers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly ILogger _logger;

    private RunningIssuers(ILogger logger) => _logger = logger;

    public static RunningIssuers Start(IEnumerable<CertificateIssuer> issuers, ILogger logger)
    {
        var running = new RunningIssuers(logger);
        foreach (var issuer in issuers)
        {
            running._running.Add(Task.Run(() => running.RunAsync(issuer), CancellationToken.None));
        }

        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _stop.Dispose();
    }

    private async Task RunAsync(CertificateIssuer issuer)
    {
        try
        {
            await issuer.RunAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by DisposeAsync.
        }
        catch (Exception ex) // a demo issuer that dies must not take the broker down with it; say so instead
        {
            Log.IssuerFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "An example issuer stopped with an error")]
        public static partial void IssuerFailed(ILogger logger, Exception exception);
    }
}
