using System.Text.Json.Nodes;
using Broker.Controllers.Placement;
using Broker.Kcp.Http;
using Broker.Runtime.Events;

namespace Broker.Controllers.Status;

/// <summary>
/// Tells a consumer object that kcp refused the broker a permission its placement needs: condition <c>Placed=False</c>
/// with reason <c>Forbidden</c> and a Warning Event, both saying <c>missing permission: &lt;verb&gt; &lt;resource&gt; in
/// &lt;workspace&gt;</c> and kcp's own words. The condition is written only when it differs (a refused pass retried does
/// not write again); the placement controller's next successful pass replaces it with the object's real state.
/// </summary>
public sealed class ForbiddenConditions(ConsumerObjects consumers, EventRecorder events, TimeProvider time)
{
    public async Task ReportAsync(BrokeredKey key, Refusal refusal, CancellationToken cancellationToken)
    {
        if (consumers.Read(key) is not ({ } consumer, { } target))
        {
            return; // gone meanwhile: nobody to tell
        }

        var message = refusal.ToString();
        events.Record(target, consumer, EventType.Warning, BrokerConditions.ReasonForbidden, message);

        var existing = consumer["status"] as JsonObject;
        var status = existing?.DeepClone().AsObject() ?? [];
        ConditionSet.Upsert(status, BrokerConditions.Placed, false, BrokerConditions.ReasonForbidden, message, time.GetUtcNow(), (long?)consumer["metadata"]?["generation"]);
        if (JsonNode.DeepEquals(status, existing))
        {
            return;
        }

        consumer["status"] = status;
        await target.UpdateStatusAsync(key.Resource, consumer, cancellationToken);
    }
}
