using Broker.Testing;

namespace Broker.E2E.Tests.Metrics;

/// <summary>What the demo test finds on /metrics is what README.md tells a platform team to scrape.</summary>
public sealed class MetricsDocumentationTests
{
    [Test]
    public void Readme_ListsEveryServedMetricWithItsLabels()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        foreach (var (name, _, labels) in DocumentedMetrics.All)
        {
            var row = readme.Split('\n').FirstOrDefault(l => l.StartsWith('|') && l.Contains($"`{name}`", StringComparison.Ordinal));
            row.ShouldNotBeNull($"README.md has no table row for {name}");
            foreach (var label in labels)
            {
                row.ShouldContain($"`{label}`", customMessage: $"README.md's row for {name} does not name label {label}");
            }
        }
    }
}
