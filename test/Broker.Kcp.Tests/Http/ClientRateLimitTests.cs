using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Kcp.Tests.Fakes;
using Broker.Testing;

namespace Broker.Kcp.Tests.Http;

/// <summary>The client-side rate limit (client-go's QPS and Burst) and the telemetry of waits and open watches.</summary>
public sealed class ClientRateLimitTests
{
    private static readonly GroupVersionResource Widgets = new("example.io", "v1", "widgets");

    [Test]
    public async Task Burst_ThenRequestsAreSpacedByTheRate()
    {
        const double qps = 20;
        const int burst = 5;
        const int requests = 25;
        var arrivals = new ConcurrentBag<TimeSpan>();
        var waits = new ConcurrentBag<TimeSpan>();
        var created = Stopwatch.GetTimestamp();
        using var kcp = Client(new ClientRateLimit(qps, burst), () => arrivals.Add(Stopwatch.GetElapsedTime(created)));
        using var observed = kcp.Telemetry.ObserveRateLimiterWaits(waits.Add);

        // Through two views, as the broker's writer and reader share one bucket.
        var writer = kcp.Observing((_, _) => { });
        await Task.WhenAll(Enumerable.Range(0, requests).Select(i =>
            (i % 2 == 0 ? kcp : writer).Cluster("root").GetAsync(Widgets, "default", $"w{i}", CancellationToken.None)));

        // The k-th request (from 0) cannot go before the bucket's refills since the client was made allow it: the limit holds.
        var ordered = arrivals.Order().ToList();
        ordered.Count.ShouldBe(requests);
        for (var k = burst; k < requests; k++)
        {
            ordered[k].TotalSeconds.ShouldBeGreaterThanOrEqualTo(((k - burst) / qps) - 0.005, $"request {k}");
        }

        waits.Count.ShouldBe(requests);
        waits.Max().TotalSeconds.ShouldBeGreaterThanOrEqualTo(((requests - burst - 1) / qps) - 0.005);
    }

    [Test]
    public async Task NoLimit_RequestsDoNotWait()
    {
        var waits = new ConcurrentBag<TimeSpan>();
        using var kcp = Client(limit: null, () => { });
        using var observed = kcp.Telemetry.ObserveRateLimiterWaits(waits.Add);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => kcp.Cluster("root").GetAsync(Widgets, "default", $"w{i}", CancellationToken.None)));

        waits.ShouldBeEmpty();
    }

    [TestCase(0, 10, "client rate limit: qps 0 is not a positive number (Parameter 'limit')")]
    [TestCase(-5, 10, "client rate limit: qps -5 is not a positive number (Parameter 'limit')")]
    [TestCase(5, 0, "client rate limit: burst 0 is less than 1 (Parameter 'limit')")]
    public void ImpossibleLimit_IsRefusedWithItsReason(double qps, int burst, string message) =>
        Should.Throw<ArgumentException>(() => Client(new ClientRateLimit(qps, burst), () => { })).Message.ShouldBe(message);

    [Test]
    public async Task Watch_IsCountedWhileOpen()
    {
        await using var server = await ScriptedApiServer.StartAsync();
        using var kcp = server.Client(new KcpClientOptions { RateLimit = new ClientRateLimit(100, 10) });
        var release = new TaskCompletionSource();
        server.ThenHangingWatch(release.Task);
        using var stop = new CancellationTokenSource();

        var watching = Task.Run(async () =>
        {
            await foreach (var _ in kcp.Cluster(ClusterPath.Wildcard).WatchAsync(Widgets, null, null, stop.Token))
            {
            }
        });
        await Eventually.UntilAsync("the watch is open", () => kcp.Telemetry.OpenWatchCount == 1);
        kcp.Telemetry.OpenWatches.ShouldBe(new Dictionary<string, int>(StringComparer.Ordinal) { ["widgets.example.io"] = 1 });

        release.SetResult(); // the server ends the watch
        await watching;
        kcp.Telemetry.OpenWatchCount.ShouldBe(0);
        kcp.Telemetry.OpenWatches.ShouldBeEmpty();
    }

    private static KcpClient Client(ClientRateLimit? limit, Action arrived) =>
        new(new KcpConnection(new Uri("https://kcp.test/"), null, new KcpCredentials { BearerToken = "t" }),
            new KcpClientOptions { RateLimit = limit, HandlerFactory = _ => new Answering(arrived) });

    // Answers every request with an empty object at once, telling of its arrival (after the limiter).
    private sealed class Answering(Action arrived) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            arrived();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
