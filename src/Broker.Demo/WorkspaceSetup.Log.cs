using Microsoft.Extensions.Logging;

namespace Broker.Demo;

internal sealed partial class WorkspaceSetup
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Created {Kind} {Name} in {Workspace}")]
        public static partial void Created(ILogger logger, string kind, string name, string workspace);

        [LoggerMessage(LogLevel.Information, "Updated {Kind} {Name} in {Workspace} to match its manifest")]
        public static partial void Updated(ILogger logger, string kind, string name, string workspace);
    }
}
