using Broker.Testing.Metrics;

namespace Broker.E2E.Tests.Metrics;

/// <summary>The metrics README.md's Observability section lists, with their types and labels, as a broker that has
/// placed and moved an object serves them. Not here: <c>resource_broker_routing_duration_seconds</c>, which appears once
/// placement routes through <c>AcceptApiRegistry.Decide</c>, and <c>resource_broker_migrations_active</c>, which has no
/// series while no migration is in flight.</summary>
internal static class DocumentedMetrics
{
    public static readonly IReadOnlyList<(string Name, string Type, string[] Labels)> All =
    [
        ("resource_broker_acceptapi_available", "gauge", ["name", "namespace", "workspace"]),
        ("resource_broker_reconcile_duration_seconds", "histogram", ["controller"]),
        ("resource_broker_reconcile_errors_total", "counter", ["controller"]),
        ("resource_broker_migrations_total", "counter", ["state"]),
        ("resource_broker_placements", "gauge", ["resource", "provider", "phase"]),
        ("resource_broker_placement_duration_seconds", "histogram", ["resource", "provider"]),
        ("resource_broker_moves_total", "counter", ["result", "from", "to"]),
        ("resource_broker_workqueue_depth", "gauge", ["queue"]),
        ("resource_broker_workqueue_adds_total", "counter", ["queue"]),
        ("resource_broker_workqueue_retries_total", "counter", ["queue"]),
        ("resource_broker_workqueue_processing_duration_seconds", "histogram", ["queue"]),
        ("resource_broker_events_written_total", "counter", []),
        ("resource_broker_events_aggregated_total", "counter", []),
        ("resource_broker_events_dropped_total", "counter", ["reason"]),
    ];

    /// <summary>Fails with every documented family that is missing, of another type or without one of its labels.</summary>
    public static void ShouldAllBePresentIn(PrometheusScrape scrape)
    {
        var problems = new List<string>();
        foreach (var (name, type, labels) in All)
        {
            if (!scrape.Families.TryGetValue(name, out var family))
            {
                problems.Add($"{name} is missing");
                continue;
            }

            if (family.Type != type)
            {
                problems.Add($"{name} is a {family.Type}, documented as a {type}");
            }

            problems.AddRange(labels.Where(l => !family.LabelNames.Contains(l)).Select(l => $"{name} lacks label {l}"));
        }

        if (problems.Count > 0)
        {
            Assert.Fail(string.Join("; ", problems));
        }
    }
}
