using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Broker.Testing;

namespace Broker.E2E.Tests.Deploy;

/// <summary>The Grafana dashboard and the alerts shipped with the chart query only metrics README.md documents, so a
/// renamed metric cannot leave a panel or an alert silently empty.</summary>
public sealed partial class ObservabilityFilesTests
{
    private static readonly string Chart = RepositoryRoot.Combine("deploy", "charts", "resource-broker");

    [Test]
    public void Dashboard_IsGrafanaJsonOverDocumentedMetrics()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Chart, "dashboards", "resource-broker.json")))!;

        ((string?)dashboard["uid"]).ShouldBe("resource-broker");
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        expressions.Count.ShouldBeGreaterThanOrEqualTo(10);
        ShouldAllBeDocumented(expressions);
    }

    [Test]
    public void Alerts_NameTheIssuesFourCasesOverDocumentedMetrics()
    {
        var text = File.ReadAllText(Path.Combine(Chart, "files", "alerts.yaml"));

        foreach (var alert in (string[])["ResourceBrokerAcceptAPIUnavailable", "ResourceBrokerMigrationsFailed", "ResourceBrokerReconcileErrors", "ResourceBrokerNoLeader"])
        {
            text.ShouldContain($"alert: {alert}");
        }

        ShouldAllBeDocumented(text.Split('\n').Where(l => l.TrimStart().StartsWith("expr:", StringComparison.Ordinal)));
    }

    private static void ShouldAllBeDocumented(IEnumerable<string> expressions)
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToList();
        used.ShouldNotBeEmpty();
        foreach (var name in used)
        {
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "", RegexOptions.None, TimeSpan.FromSeconds(1));
            readme.ShouldContain($"`{family}`", customMessage: $"{name} is not among README.md's documented metrics");
        }
    }

    [GeneratedRegex("resource_broker_[a-z_]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MetricName();
}
