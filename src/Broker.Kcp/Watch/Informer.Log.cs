using Microsoft.Extensions.Logging;

namespace Broker.Kcp.Watch;

public sealed partial class Informer
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Synced {Resource} at {Endpoint}: {Count} objects at resourceVersion {ResourceVersion}")]
        public static partial void Synced(ILogger logger, string resource, Uri endpoint, int count, string resourceVersion);

        [LoggerMessage(LogLevel.Information, "Relisting {Resource} at {Endpoint}: resourceVersion {ResourceVersion} expired (410): {Reason}")]
        public static partial void Expired(ILogger logger, string resource, Uri endpoint, string resourceVersion, string reason);

        [LoggerMessage(LogLevel.Information, "Relisted {Resource} at {Endpoint}: {Count} objects, {Changes} changes emitted")]
        public static partial void Relisted(ILogger logger, string resource, Uri endpoint, int count, int changes);

        [LoggerMessage(LogLevel.Information, "Watch of {Resource} at {Endpoint} broke after {Events} events; resuming")]
        public static partial void WatchBroke(ILogger logger, Exception exception, string resource, Uri endpoint, int events);

        [LoggerMessage(LogLevel.Warning, "List/watch of {Resource} at {Endpoint} failed; retry {Attempt} in {Delay}")]
        public static partial void Retrying(ILogger logger, Exception? exception, string resource, Uri endpoint, TimeSpan delay, int attempt);
    }
}
