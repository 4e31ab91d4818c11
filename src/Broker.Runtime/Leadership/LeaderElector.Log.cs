using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Leadership;

public sealed partial class LeaderElector
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Waiting to acquire lease {Lease} as {Identity}")]
        public static partial void Acquiring(ILogger logger, string lease, string identity);

        [LoggerMessage(LogLevel.Information, "Lease {Lease} is held by {Holder}; standing by")]
        public static partial void HeldBy(ILogger logger, string lease, string holder);

        [LoggerMessage(LogLevel.Information, "Acquired lease {Lease} as {Identity}; leading")]
        public static partial void Acquired(ILogger logger, string lease, string identity);

        [LoggerMessage(LogLevel.Information, "Stopped leading: lease {Lease} {Reason}")]
        public static partial void Lost(ILogger logger, string lease, string reason);

        [LoggerMessage(LogLevel.Information, "Released lease {Lease}; a standby can take over at once")]
        public static partial void Released(ILogger logger, string lease);

        [LoggerMessage(LogLevel.Warning, "Could not release lease {Lease} ({Error}); a standby takes over once it expires")]
        public static partial void ReleaseFailed(ILogger logger, string lease, string error);

        [LoggerMessage(LogLevel.Warning, "Could not acquire or renew lease {Lease}: {Error}")]
        public static partial void AttemptFailed(ILogger logger, string lease, string error);

        [LoggerMessage(LogLevel.Debug, "Lease {Lease} was written by someone else ({Reason}); reading it again")]
        public static partial void ChangedByOthers(ILogger logger, string lease, string reason);

        [LoggerMessage(LogLevel.Information, "Created namespace {Namespace} for lease {Lease}")]
        public static partial void NamespaceCreated(ILogger logger, string @namespace, string lease);
    }
}
