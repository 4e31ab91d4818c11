using System.Diagnostics.Metrics;
using Broker.Kcp.Http;

namespace Broker.Runtime.Controllers;

/// <summary>
/// kcp's refusals of reconcile passes, by the permission missing: <c>resource_broker_forbidden_total{verb,resource}</c>
/// counts every refused pass, and gauge <c>resource_broker_forbidden_keys{verb,resource}</c> holds how many keys are refused
/// now, falling back to 0 once the permission is granted and their next pass succeeds (what an alert waits on).
/// </summary>
internal sealed class ForbiddenMetrics(Meter meter)
{
    private readonly Counter<long> _refusals = meter.CreateCounter<long>("resource_broker_forbidden", null, "Reconcile passes kcp refused (403), by the verb and resource refused");
    private readonly UpDownCounter<long> _refused = meter.CreateUpDownCounter<long>("resource_broker_forbidden_keys", null, "Keys whose last reconcile pass kcp refused (403), by the verb and resource refused");

    public void Refused(Refusal refusal) => _refusals.Add(1, Verb(refusal), Resource(refusal));

    public void Blocked(Refusal refusal) => _refused.Add(1, Verb(refusal), Resource(refusal));

    public void Unblocked(Refusal refusal) => _refused.Add(-1, Verb(refusal), Resource(refusal));

    private static KeyValuePair<string, object?> Verb(Refusal refusal) => new("verb", refusal.Verb);

    private static KeyValuePair<string, object?> Resource(Refusal refusal) => new("resource", refusal.Resource);
}
