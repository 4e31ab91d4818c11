using System.Diagnostics;
using System.Net;
using Broker.Demo;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.LocalKcp.Faults;
using Broker.Testing;

namespace Broker.E2E.Tests.Run;

/// <summary>
/// <c>broker run --leader-elect</c> as a Deployment runs it: several processes against one platform workspace (LocalKcp,
/// in-process), of which exactly one reconciles. Short leases keep it fast.
/// </summary>
[NonParallelizable]
public sealed class LeaderElectionTests
{
    private LocalKcpFixture _kcp = null!;
    private readonly List<BrokerReplica> _replicas = [];

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync();
        using var client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        await DemoEnvironment.SetUpPlatformAsync(client, new DemoOptions(), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _kcp.DisposeAsync();

    [TearDown]
    public void StopReplicas()
    {
        _kcp.Server.Faults.Clear();
        foreach (var replica in _replicas)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                TestContext.Out.WriteLine(replica);
            }

            replica.Dispose();
        }

        _replicas.Clear();
    }

    [Test]
    public async Task TwoReplicas_OneReconciles_StandbyTakesOverWhenTheLeaderIsTerminated()
    {
        // A 10 s lease: a takeover within a few seconds of the leader's exit can only come from its release.
        var lease = LeaseName();
        var a = Start("a", lease, "10s", "5s");
        var b = Start("b", lease, "10s", "5s");

        var leader = await EventuallyAsync(async () => await a.LeaderGaugeAsync() == 1 ? a : await b.LeaderGaugeAsync() == 1 ? b : null, "one replica leads");
        var standby = leader == a ? b : a;
        await EventuallyAsync(() => Task.FromResult(leader.Output.Contains("Caches synced; brokering", StringComparison.Ordinal)), "the leader's broker starts");
        var standingBy = $"is held by {Identity(leader)}; standing by";
        await EventuallyAsync(() => Task.FromResult(standby.Output.Contains(standingBy, StringComparison.Ordinal)), "the other replica stands by");
        (await standby.LeaderGaugeAsync()).ShouldBe(0);
        standby.Output.ShouldNotContain("Caches synced");
        var ready = await standby.ProbeAsync("/readyz");
        ready.Status.ShouldBe(HttpStatusCode.OK, "a standby is ready, as with controller-runtime");
        ready.Body.ShouldStartWith("ok (standby; leader: ");
        (await standby.ProbeAsync("/healthz")).Status.ShouldBe(HttpStatusCode.OK);

        leader.Terminate();
        await leader.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var exited = Stopwatch.StartNew();
        leader.ExitCode.ShouldBe(0, leader.ToString());
        leader.Output.ShouldContain($"Released lease default/{lease} in root:platform");

        await EventuallyAsync(async () => await standby.LeaderGaugeAsync() == 1, "the standby leads");
        exited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "released, not expired (10 s)");
        await EventuallyAsync(() => Task.FromResult(standby.Output.Contains("Caches synced; brokering", StringComparison.Ordinal)), "the new leader's broker starts");

        standby.Terminate();
        await standby.WaitForExitAsync(TimeSpan.FromSeconds(30));
        standby.ExitCode.ShouldBe(0, standby.ToString());
    }

    [Test]
    public async Task Leader_RenewalFailsPastRenewDeadline_ExitsOneWithLeaderElectionLost()
    {
        var lease = LeaseName();
        var a = Start("a", lease, "3s", "1s");
        await EventuallyAsync(async () => await a.LeaderGaugeAsync() == 1, "a leads");

        _kcp.Server.Faults.Set(new FaultSettings(ErrorRate: 1, Status: 500, PathContains: $"/leases/{lease}"));

        await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        a.ExitCode.ShouldBe(1, a.ToString());
        a.Output.ShouldContain($"broker run: leader election lost: lease default/{lease} in root:platform was not renewed within the renew deadline (1s)");
    }

    private BrokerReplica Start(string name, string lease, string leaseDuration, string renewDeadline)
    {
        var replica = BrokerReplica.Start(
            name, "--kubeconfig", _kcp.KubeconfigPath, "--platform-workspace", DemoEnvironment.PlatformPath,
            "--leader-elect", "--leader-elect-lease-name", lease,
            "--leader-elect-lease-duration", leaseDuration, "--leader-elect-renew-deadline", renewDeadline, "--leader-elect-retry-period", "250ms");
        _replicas.Add(replica);
        return replica;
    }

    private static string LeaseName() => "broker-" + Guid.NewGuid().ToString("N")[..8];

    // The identity is <hostname>_<guid>; the leader logs it when it acquires the lease.
    private static string Identity(BrokerReplica replica)
    {
        var line = replica.Output.Split('\n').First(l => l.Contains("Acquired lease", StringComparison.Ordinal));
        return line[(line.IndexOf(" as ", StringComparison.Ordinal) + 4)..line.IndexOf("; leading", StringComparison.Ordinal)];
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting until {what}:\n{string.Join("\n", _replicas)}");
        return null!;
    }

    private Task EventuallyAsync(Func<Task<bool>> probe, string what) =>
        EventuallyAsync<object>(async () => await probe() ? new object() : null, what);
}
