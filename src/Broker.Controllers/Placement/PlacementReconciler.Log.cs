using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Placement;

public sealed partial class PlacementReconciler
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Placing {Key} on {Provider} (AcceptAPI {AcceptApi})")]
        public static partial void Placing(ILogger logger, BrokeredKey key, string provider, string acceptApi);

        [LoggerMessage(LogLevel.Information, "Moving {Key} from {From} to {To}: creating the new copy first")]
        public static partial void MoveStarted(ILogger logger, BrokeredKey key, string from, string to);

        [LoggerMessage(LogLevel.Information, "Cut {Key} over from {From} to {To}")]
        public static partial void CutOver(ILogger logger, BrokeredKey key, string from, string to);

        [LoggerMessage(LogLevel.Information, "Deleted the old copy of {Key} at {Provider}")]
        public static partial void OldCopyDeleted(ILogger logger, BrokeredKey key, string provider);

        [LoggerMessage(LogLevel.Warning, "Abandoned moving {Key} to {Target}: {Reason}")]
        public static partial void MoveAbandoned(ILogger logger, BrokeredKey key, string target, string reason);

        [LoggerMessage(LogLevel.Information, "Released {Key}: provider copies, related objects and its Placement are gone")]
        public static partial void Released(ILogger logger, BrokeredKey key);

        [LoggerMessage(LogLevel.Warning, "Related object of {Key}: {Problem}")]
        public static partial void RelatedProblem(ILogger logger, BrokeredKey key, string problem);
    }
}
