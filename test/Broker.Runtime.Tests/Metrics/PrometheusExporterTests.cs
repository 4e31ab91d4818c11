using System.Diagnostics.Metrics;
using Broker.Runtime.Metrics;

namespace Broker.Runtime.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    // Each test its own meter name: the listener of one test must not see another's instruments.
    private static (Meter Meter, PrometheusExporter Exporter) Start(string name) => (new Meter(name), new PrometheusExporter(name));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Counter_AndUpDownCounter_AreATotalAndAGauge_PerLabelSet()
    {
        var (meter, exporter) = Start("prom.counters");
        using (meter)
        using (exporter)
        {
            var adds = meter.CreateCounter<long>("test.adds", "{key}", "Keys added");
            var depth = meter.CreateUpDownCounter<long>("test.depth", "{key}", "Keys waiting");
            adds.Add(2, new KeyValuePair<string, object?>("queue", "a"));
            adds.Add(3, new KeyValuePair<string, object?>("queue", "a"));
            adds.Add(1, new KeyValuePair<string, object?>("queue", "b"));
            depth.Add(4);
            depth.Add(-1);

            Lines(exporter.Render()).ShouldBe(
            [
                "# HELP test_adds_total Keys added",
                "# TYPE test_adds_total counter",
                "test_adds_total{queue=\"a\"} 5",
                "test_adds_total{queue=\"b\"} 1",
                "# HELP test_depth Keys waiting",
                "# TYPE test_depth gauge",
                "test_depth 3",
            ]);
        }
    }

    [Test]
    public void Histogram_HasCumulativeBuckets_FromItsAdvice_WithSumAndCount()
    {
        var (meter, exporter) = Start("prom.histogram");
        using (meter)
        using (exporter)
        {
            var latency = meter.CreateHistogram("test.latency", "s", "How long", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
            foreach (var value in new[] { 0.05, 0.1, 0.5, 3 })
            {
                latency.Record(value, new KeyValuePair<string, object?>("provider", "root:providers:internal-ca"));
            }

            Lines(exporter.Render()).ShouldBe(
            [
                "# HELP test_latency How long",
                "# TYPE test_latency histogram",
                "test_latency_bucket{provider=\"root:providers:internal-ca\",le=\"0.1\"} 2",
                "test_latency_bucket{provider=\"root:providers:internal-ca\",le=\"1\"} 3",
                "test_latency_bucket{provider=\"root:providers:internal-ca\",le=\"+Inf\"} 4",
                "test_latency_sum{provider=\"root:providers:internal-ca\"} 3.65",
                "test_latency_count{provider=\"root:providers:internal-ca\"} 4",
            ]);
        }
    }

    [Test]
    public void Histogram_WithoutAdvice_UsesPrometheusDefaultBuckets()
    {
        var (meter, exporter) = Start("prom.defaults");
        using (meter)
        using (exporter)
        {
            meter.CreateHistogram<double>("test.duration").Record(0.3);

            var buckets = Lines(exporter.Render()).Where(l => l.StartsWith("test_duration_bucket", StringComparison.Ordinal)).ToList();
            buckets.Count.ShouldBe(PrometheusExporter.DefaultBuckets.Count + 1);
            buckets.ShouldContain("test_duration_bucket{le=\"0.25\"} 0");
            buckets.ShouldContain("test_duration_bucket{le=\"0.5\"} 1");
            buckets[^1].ShouldBe("test_duration_bucket{le=\"+Inf\"} 1");
        }
    }

    [Test]
    public void ObservableGauge_ReportsTheCurrentValues_AndDropsASeriesNoLongerObserved()
    {
        var (meter, exporter) = Start("prom.observable");
        using (meter)
        using (exporter)
        {
            var phases = new Dictionary<string, long>(StringComparer.Ordinal) { ["Placed"] = 3, ["Pending"] = 1 };
            meter.CreateObservableGauge("test.objects", () => phases.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("phase", p.Key))), "{object}", "Objects by phase");

            Lines(exporter.Render()).ShouldBe(["# HELP test_objects Objects by phase", "# TYPE test_objects gauge", "test_objects{phase=\"Pending\"} 1", "test_objects{phase=\"Placed\"} 3"]);
            Lines(exporter.Render()).ShouldContain("test_objects{phase=\"Placed\"} 3"); // a second scrape does not add up

            phases.Remove("Pending");
            phases["Placed"] = 4;
            Lines(exporter.Render()).ShouldBe(["# HELP test_objects Objects by phase", "# TYPE test_objects gauge", "test_objects{phase=\"Placed\"} 4"]);
        }
    }

    [Test]
    public void LabelValues_AreEscaped_AndOtherMetersIgnored()
    {
        var (meter, exporter) = Start("prom.escaping");
        using var other = new Meter("elsewhere");
        using (meter)
        using (exporter)
        {
            meter.CreateCounter<long>("test.problems").Add(1, new KeyValuePair<string, object?>("message", "a \"quoted\" back\\slash\nnewline"));
            other.CreateCounter<long>("test.unrelated").Add(1);

            var text = exporter.Render();
            text.ShouldContain("test_problems_total{message=\"a \\\"quoted\\\" back\\\\slash\\nnewline\"} 1\n");
            text.ShouldNotContain("unrelated");
        }
    }
}
