using Microsoft.Extensions.Logging;

namespace Broker.Demo;

public static partial class DemoEnvironment
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Demo workspaces ready: {Workspaces}")]
        public static partial void Ready(ILogger logger, string workspaces);
    }
}
