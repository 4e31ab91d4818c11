using Broker.Testing.Metrics;

namespace Broker.Runtime.Tests.Metrics;

/// <summary>The strict parser the /metrics tests rely on: it reads the format and rejects what Prometheus rejects.</summary>
public sealed class PrometheusTextTests
{
    [Test]
    public void Parse_WellFormedScrape_ReadsFamiliesSamplesAndEscapes()
    {
        var scrape = PrometheusText.Parse("""
            # HELP jobs_total Jobs done\nby anyone
            # TYPE jobs_total counter
            jobs_total{queue="a\"b",path="c\\d"} 3
            jobs_total{queue="e"} 0 1700000000000
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_sum 0.35
            latency_seconds_count 2
            up 1

            """);

        scrape.Families.Keys.ShouldBe(["jobs_total", "latency_seconds", "up"], ignoreOrder: true);
        scrape.Families["jobs_total"].Help.ShouldBe("Jobs done\nby anyone");
        scrape.Families["jobs_total"].LabelNames.ShouldBe(["queue", "path"], ignoreOrder: true);
        scrape.Value("jobs_total", ("queue", "a\"b")).ShouldBe(3);
        scrape.Samples("jobs_total").First().Labels["path"].ShouldBe("c\\d");
        scrape.Families["latency_seconds"].Type.ShouldBe("histogram");
        scrape.Value("latency_seconds_count").ShouldBe(2);
        scrape.Families["up"].Type.ShouldBe("untyped");
        scrape.Value("missing").ShouldBeNull();
    }

    [TestCase("up 1", "the exposition does not end with a newline")]
    [TestCase("9up 1\n", "line 1: invalid metric name '9up'")]
    [TestCase("up{__x=\"1\"} 1\n", "line 1: invalid label name '__x'")]
    [TestCase("up{x=1} 1\n", "line 1: the value of label x is not quoted")]
    [TestCase("up{x=\"\\t\"} 1\n", "line 1: invalid escape \\t in label x")]
    [TestCase("up{x=\"1\",x=\"2\"} 1\n", "line 1: label x given twice")]
    [TestCase("up{x=\"1\" 1\n", "line 1: expected ',' or '}' after label x")]
    [TestCase("up one\n", "line 1: invalid value 'one' of up")]
    [TestCase("up\n", "line 1: no value after up")]
    [TestCase("# TYPE up gauge\n# TYPE up gauge\n", "line 2: a second # TYPE for up")]
    [TestCase("# TYPE up meter\n", "line 1: unknown type 'meter' for up")]
    [TestCase("up 1\n# TYPE up gauge\n", "line 2: # TYPE up after its samples")]
    [TestCase("up{a=\"1\"} 1\ndown 1\nup{a=\"2\"} 1\n", "line 3: a sample of up apart from the family's other samples")]
    [TestCase("up 1\nup 2\n", "line 2: series up{} repeated")]
    [TestCase("# TYPE jobs counter\njobs -1\n", "line 2: counter jobs is -1")]
    [TestCase("# TYPE h histogram\nh_bucket 1\n", "line 2: h_bucket lacks an le label")]
    [TestCase("# TYPE h histogram\nh 1\n", "line 2: h does not belong to histogram h")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "h{}: the last bucket is not le=\"+Inf\"")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "h{}: bucket le=\"+Inf\" does not follow le=\"1\" cumulatively")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "h{}: the +Inf bucket (2) differs from _count (3)")]
    [TestCase("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "h{}: no _sum")]
    public void Parse_BrokenScrape_RejectedWithTheLine(string text, string message)
    {
        Should.Throw<PrometheusFormatException>(() => PrometheusText.Parse(text)).Message.ShouldBe(message);
    }
}
