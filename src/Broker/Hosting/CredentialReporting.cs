using System.Diagnostics.Metrics;
using Broker.Kcp.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting;

/// <summary>
/// Makes a credential that starts failing while the broker runs (a token file rotated to a bad token, an exec plugin that
/// fails, an expired certificate) visible: a Warning log line when the problem starts or changes and an Information one
/// when it is gone, gauge <c>resource_broker_credentials_failing</c> (1 while failing), and <see cref="Problem"/> for
/// <c>/readyz</c>; and a Warning line for each notice that does not stop it working (renewed OIDC tokens that could not be
/// written back). At start-up the same failures end <c>broker run</c> instead (<see cref="ConnectionCheck"/>).
/// </summary>
internal sealed partial class CredentialReporting : IDisposable
{
    private readonly CredentialHealth _health;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;
    private readonly IDisposable _notices;

    public CredentialReporting(CredentialHealth health, Meter meter, ILogger logger)
    {
        _health = health;
        _logger = logger;
        meter.CreateObservableGauge(
            "resource_broker_credentials_failing", () => health.Problem is null ? 0 : 1, null,
            "1 while kcp rejects the kubeconfig's credential or it cannot be obtained (token file, exec plugin), else 0");
        _subscription = health.Changes.Subscribe(Report);
        _notices = health.Notices.Subscribe(notice => Log.Notice(logger, notice));
    }

    /// <summary>One line naming the kubeconfig, the context and the cause; null while the credential works.</summary>
    public string? Problem => _health.Problem;

    public void Dispose()
    {
        _subscription.Dispose();
        _notices.Dispose();
    }

    private void Report(string? problem)
    {
        if (problem is null)
        {
            Log.Recovered(_logger);
        }
        else
        {
            Log.Failing(_logger, problem);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "The credential stopped working: {Problem}; requests to kcp fail until it works again")]
        public static partial void Failing(ILogger logger, string problem);

        [LoggerMessage(LogLevel.Information, "The credential works again")]
        public static partial void Recovered(ILogger logger);

        [LoggerMessage(LogLevel.Warning, "{Notice}")]
        public static partial void Notice(ILogger logger, string notice);
    }
}
