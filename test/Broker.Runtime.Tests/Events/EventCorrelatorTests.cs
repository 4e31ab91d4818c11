using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Runtime.Events;

namespace Broker.Runtime.Tests.Events;

/// <summary>Aggregation, window, spam limit and the bounded cache, without a server.</summary>
public sealed class EventCorrelatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly KcpClient Client = new(new KcpConnection(new Uri("https://kcp.example/"), null, new KcpCredentials()));

    [Test]
    public void Observe_SameEventWithinWindow_CountsOnOneSeries()
    {
        var correlator = new EventCorrelator(new EventRecorderOptions());
        var first = correlator.Observe(Occurrence("w1", "m", T0))!;
        first.Name = "w1.1";

        var second = correlator.Observe(Occurrence("w1", "m", T0.AddMinutes(9)))!;
        var third = correlator.Observe(Occurrence("w1", "m", T0.AddMinutes(18)))!; // the window runs from the last occurrence

        third.ShouldBeSameAs(first);
        second.ShouldBeSameAs(first);
        (first.Count, first.FirstTimestamp, first.LastTimestamp).ShouldBe((3, T0, T0.AddMinutes(18)));
    }

    [Test]
    public void Observe_AfterWindowOrInOtherCluster_StartsNewSeries()
    {
        var correlator = new EventCorrelator(new EventRecorderOptions());
        var first = correlator.Observe(Occurrence("w1", "m", T0))!;

        correlator.Observe(Occurrence("w1", "m", T0.AddMinutes(10).AddSeconds(1)))!.ShouldNotBeSameAs(first);
        correlator.Observe(Occurrence("w1", "m", T0, cluster: "other"))!.ShouldNotBeSameAs(first);
        correlator.Observe(Occurrence("w1", "n", T0))!.ShouldNotBeSameAs(first);
    }

    [Test]
    public void Observe_RateLimited_ReturnsNullButKeepsCounting()
    {
        var correlator = new EventCorrelator(new EventRecorderOptions { Burst = 1 });
        var series = correlator.Observe(Occurrence("w1", "m", T0))!;

        correlator.Observe(Occurrence("w1", "m", T0.AddSeconds(1))).ShouldBeNull();
        correlator.Observe(Occurrence("w1", "other", T0.AddSeconds(1))).ShouldBeNull(); // the budget is per object
        correlator.Observe(Occurrence("w2", "m", T0.AddSeconds(1))).ShouldNotBeNull();

        var later = correlator.Observe(Occurrence("w1", "m", T0.AddMinutes(5).AddSeconds(1)))!;
        later.ShouldBeSameAs(series);
        later.Count.ShouldBe(3); // the held-back occurrence is in the next write's count
    }

    [Test]
    public void Observe_ManyObjects_CacheStaysBounded()
    {
        var correlator = new EventCorrelator(new EventRecorderOptions { CacheSize = 16 });
        var first = correlator.Observe(Occurrence("w0", "m", T0))!;

        for (var i = 1; i <= 1000; i++)
        {
            correlator.Observe(Occurrence($"w{i}", "m", T0)).ShouldNotBeNull();
        }

        correlator.Count.ShouldBe(16);
        correlator.Observe(Occurrence("w0", "m", T0))!.ShouldNotBeSameAs(first); // evicted: starts over
    }

    // The soak's growth: objects come and go, and their Events' entries stayed until 4,096 others pushed them out.
    [Test]
    public void Observe_EntriesThatChangeNothingAnyMore_AreForgotten()
    {
        var correlator = new EventCorrelator(new EventRecorderOptions { Burst = 2 });
        for (var i = 0; i < 100; i++)
        {
            correlator.Observe(Occurrence($"w{i}", "m", T0));
        }

        var busy = correlator.Observe(Occurrence("busy", "m", T0.AddMinutes(6)))!;
        correlator.Observe(Occurrence("busy", "m", T0.AddMinutes(6))).ShouldNotBeNull();
        (correlator.Count, correlator.Limited).ShouldBe((101, 1)); // the 100 buckets had refilled: forgotten

        correlator.Observe(Occurrence("busy", "m", T0.AddMinutes(8))).ShouldBeNull(); // its empty bucket is kept
        correlator.Observe(Occurrence("fresh", "m", T0.AddMinutes(11)));

        (correlator.Count, correlator.Limited).ShouldBe((2, 2)); // the 100 series are past the window: forgotten
        busy.Count.ShouldBe(3);
    }

    private static EventOccurrence Occurrence(string name, string message, DateTimeOffset at, string cluster = "root:consumer") =>
        new(Client.Cluster(cluster), new InvolvedObject("example.io/v1alpha1", "Widget", "default", name, $"uid-{name}", "1"), EventType.Warning, "Failed", message, at);
}
