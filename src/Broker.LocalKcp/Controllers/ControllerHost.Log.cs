using Microsoft.Extensions.Logging;

namespace Broker.LocalKcp.Controllers;

public sealed partial class ControllerHost
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Debug, "{Controller} failed to reconcile {Key}; retrying shortly")]
        public static partial void ReconcileFailed(ILogger logger, string controller, string key, Exception exception);
    }
}
