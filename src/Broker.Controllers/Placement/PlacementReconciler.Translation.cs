using Broker.Controllers.Status;
using Broker.Core.Routing;
using Broker.Runtime.Controllers;
using Broker.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Placement;

// A translating provider's copy could not be built from the object (or its status mapped back): the object says so and
// waits for its spec or the AcceptAPI to change, both of which queue it again; other objects go on.
public sealed partial class PlacementReconciler
{
    private async Task<ReconcileResult> TranslationFailedAsync(PlacementPass pass, TranslationException error, CancellationToken cancellationToken)
    {
        var provider = pass.Placement?.Spec.Target ?? pass.Placement?.Spec.Provider;
        var message = provider is null ? error.Message : $"AcceptAPI {provider.AcceptApi} of {Describe(provider)}: {error.Message}";
        Log.TranslationFailed(logger, pass.Key, message);
        if (ConditionSet.Find(pass.LiveConsumer["status"] as System.Text.Json.Nodes.JsonObject, BrokerConditions.Placed) is not { } placed
            || (string?)placed["reason"] != BrokerConditions.ReasonTranslationFailed || (string?)placed["message"] != message)
        {
            events.Record(pass.LiveClient, pass.LiveConsumer, EventType.Warning, BrokerConditions.ReasonTranslationFailed, message);
        }

        await MirrorStatusAsync(pass.LiveClient, pass.Key.Resource, pass.LiveConsumer, copy: null,
            Placed(false, BrokerConditions.ReasonTranslationFailed, message), LastMove(pass.LiveConsumer) ?? Stable(), cancellationToken);
        return ReconcileResult.Done;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Cannot translate {Key}: {Message}")]
        public static partial void TranslationFailed(ILogger logger, BrokeredKey key, string message);
    }
}
