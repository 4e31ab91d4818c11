using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Events;

public sealed partial class EventRecorder
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Debug, "Event {Reason} not recorded: it needs a target, an object with kind and name ('{Kind}' '{Name}'), a reason and a known type")]
        public static partial void Invalid(ILogger logger, string reason, string kind, string name);

        [LoggerMessage(LogLevel.Warning, "Event queue is full ({Capacity} waiting): dropping new Events until the writer catches up")]
        public static partial void QueueFull(ILogger logger, int capacity);

        [LoggerMessage(LogLevel.Debug, "Event {Reason} about {Kind} {Namespace}/{Name} dropped: the object's budget of {Burst} Events plus one per {Refill} is spent")]
        public static partial void RateLimited(ILogger logger, string reason, string kind, string @namespace, string name, int burst, TimeSpan refill);

        [LoggerMessage(LogLevel.Debug, "Event {Event} in {Namespace} is gone; recording {Reason} as a new Event")]
        public static partial void Recreating(ILogger logger, string @event, string @namespace, string reason);

        [LoggerMessage(LogLevel.Warning, "Cannot write Event {Reason} about {Kind} {Namespace}/{Name} to {Target}: {Error}. Dropped; further failures there are logged at Debug until a write succeeds")]
        public static partial void WriteFailed(ILogger logger, string reason, string kind, string @namespace, string name, Uri target, string error);

        [LoggerMessage(LogLevel.Debug, "Cannot write Event {Reason} about {Kind} {Namespace}/{Name} to {Target}; dropped")]
        public static partial void WriteFailedAgain(ILogger logger, Exception error, string reason, string kind, string @namespace, string name, Uri target);

        [LoggerMessage(LogLevel.Information, "Events to {Target} are written again")]
        public static partial void Recovered(ILogger logger, Uri target);

        [LoggerMessage(LogLevel.Warning, "Event writer did not finish within {Timeout} of shutdown; dropping {Count} queued Events")]
        public static partial void DrainTimedOut(ILogger logger, TimeSpan timeout, int count);
    }
}
