using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Faults;
using Broker.Runtime.Leadership;
using Broker.Testing;
using Broker.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;
using k8s.Models;

namespace Broker.Runtime.Tests.Leadership;

/// <summary>The elector against LocalKcp's coordination.k8s.io/v1 leases, with real time kept short: lease durations of a
/// few seconds and retry periods of 200 ms. Each test has a lease of its own.</summary>
[NonParallelizable]
public sealed class LeaderElectorTests
{
    private static readonly GroupVersionResource Leases = new("coordination.k8s.io", "v1", "leases");
    private LocalKcpFixture _kcp = null!;
    private KcpClient _client = null!;
    private ClusterClient _root = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync();
        _client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        _root = _client.Cluster("root");
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _client.Dispose();
        await _kcp.DisposeAsync();
    }

    [TearDown]
    public void ClearFaults() => _kcp.Server.Faults.Clear();

    [Test]
    public async Task RunAsync_NoLease_CreatesLeaseLeadsAndReleasesOnStop()
    {
        var options = Fast();
        await using var a = new Replica(_root, options);

        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        a.Elector.IsLeader.ShouldBeTrue();
        a.Elector.Holder.ShouldBe(a.Elector.Identity);
        var spec = (await ReadLeaseAsync(options.LeaseName))["spec"]!;
        spec["holderIdentity"]!.GetValue<string>().ShouldBe(a.Elector.Identity);
        spec["leaseDurationSeconds"]!.GetValue<int>().ShouldBe(2);
        spec["leaseTransitions"]!.GetValue<int>().ShouldBe(0);
        spec["renewTime"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"); // metav1.MicroTime

        await a.StopAsync();

        a.Elector.IsLeader.ShouldBeFalse();
        spec = (await ReadLeaseAsync(options.LeaseName))["spec"]!;
        spec["holderIdentity"]!.GetValue<string>().ShouldBeEmpty();
        spec["leaseDurationSeconds"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public async Task RunAsync_LeaderRenewing_SecondReplicaStaysStandby()
    {
        var options = Fast();
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var firstRenew = await RenewTimeAsync(options.LeaseName);

        await using var b = new Replica(_root, options with { Identity = "b" });
        await Task.Delay(options.LeaseDuration * 2); // two lease durations: b would have taken an unrenewed lease by now

        b.Elector.IsLeader.ShouldBeFalse();
        b.Leading.Task.IsCompleted.ShouldBeFalse();
        b.Elector.Holder.ShouldBe(a.Elector.Identity);
        a.Elector.IsLeader.ShouldBeTrue();
        (await RenewTimeAsync(options.LeaseName)).ShouldBeGreaterThan(firstRenew);
    }

    [Test]
    public async Task RunAsync_LeaderStopsWithoutRelease_StandbyTakesOverOnlyAfterLeaseExpired()
    {
        var options = Fast();
        await using var a = new Replica(_root, options with { ReleaseOnCancel = false });
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var b = new Replica(_root, options with { Identity = "b" });
        await EventuallyAsync(() => b.Elector.Holder == a.Elector.Identity, "b sees a as the holder");

        await a.StopAsync();
        var stopped = Stopwatch.StartNew();
        await b.Leading.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // b saw a's last renewal at most one retry period before a stopped, and waits a lease duration from then.
        stopped.Elapsed.ShouldBeGreaterThan(options.LeaseDuration - options.RetryPeriod - TimeSpan.FromMilliseconds(300));
        var spec = (await ReadLeaseAsync(options.LeaseName))["spec"]!;
        spec["holderIdentity"]!.GetValue<string>().ShouldBe("b");
        spec["leaseTransitions"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public async Task RunAsync_LeaderReleases_StandbyTakesOverWithinAboutOneRetryPeriod()
    {
        // A long lease: a takeover well before it expires can only come from the release.
        var options = Fast() with { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(5) };
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var b = new Replica(_root, options with { Identity = "b" });
        await EventuallyAsync(() => b.Elector.Holder == a.Elector.Identity, "b sees a as the holder");

        await a.StopAsync();
        var stopped = Stopwatch.StartNew();
        await b.Leading.Task.WaitAsync(TimeSpan.FromSeconds(15));

        stopped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "one retry period (200 ms) plus a loaded machine's margin, far below the 10 s lease");
        (await ReadLeaseAsync(options.LeaseName))["spec"]!["leaseTransitions"]!.GetValue<int>().ShouldBe(1);
    }

    [Test]
    public async Task RunAsync_LeaseWrittenBySomeoneElse_LeaderRenewsAfterConflictAndKeepsLeading()
    {
        var options = Fast();
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Same holder, new resourceVersion: the leader's next renewal with its cached lease gets 409 Conflict.
        var touched = await UpdateLeaseAsync(options.LeaseName, lease => ((JsonObject)lease["metadata"]!)["labels"] = new JsonObject { ["touched"] = "yes" });
        var touchedRenew = DateTimeOffset.Parse(touched["spec"]!["renewTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        await EventuallyAsync(async () => await RenewTimeAsync(options.LeaseName) > touchedRenew, "a renews after the conflict");
        a.Elector.IsLeader.ShouldBeTrue();
        a.Run.IsCompleted.ShouldBeFalse();
        var lease = await ReadLeaseAsync(options.LeaseName);
        lease["metadata"]!["labels"]!["touched"]!.GetValue<string>().ShouldBe("yes");
        lease["spec"]!["holderIdentity"]!.GetValue<string>().ShouldBe(a.Elector.Identity);
    }

    [Test]
    public async Task RunAsync_LeaseWrittenBySomeoneElseJustBeforeStop_StillReleases()
    {
        // A 2 s retry period: the label lands, and the stop comes, before the leader's first renewal.
        var options = Fast() with { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(5), RetryPeriod = TimeSpan.FromSeconds(2) };
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await UpdateLeaseAsync(options.LeaseName, lease => ((JsonObject)lease["metadata"]!)["labels"] = new JsonObject { ["touched"] = "yes" });

        await a.StopAsync();

        var lease = await ReadLeaseAsync(options.LeaseName);
        lease["spec"]!["holderIdentity"]!.GetValue<string>().ShouldBeEmpty();
        lease["metadata"]!["labels"]!["touched"]!.GetValue<string>().ShouldBe("yes");
    }

    [Test]
    public async Task RunAsync_LeaseTakenByAnotherHolder_LeaderStopsAtOnce()
    {
        var options = Fast() with { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(8) };
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await UpdateLeaseAsync(options.LeaseName, lease =>
        {
            lease["spec"]!["holderIdentity"] = "intruder";
            lease["spec"]!["renewTime"] = LeaderElectionRecord.FormatMicroTime(DateTimeOffset.UtcNow);
        });
        var taken = Stopwatch.StartNew();

        var lost = await Should.ThrowAsync<LeaderElectionLostException>(() => a.Run.WaitAsync(TimeSpan.FromSeconds(15)));
        taken.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "at the next renewal, not after the 8 s renew deadline");
        lost.Message.ShouldBe($"leader election lost: lease default/{options.LeaseName} in root is now held by intruder");
        a.WorkCancelled.Task.IsCompleted.ShouldBeTrue();
        a.Elector.IsLeader.ShouldBeFalse();
        (await ReadLeaseAsync(options.LeaseName))["spec"]!["holderIdentity"]!.GetValue<string>().ShouldBe("intruder", "a loser must not release what it no longer holds");
    }

    [Test]
    public async Task RunAsync_RenewalFailingPastRenewDeadline_LeadershipLost()
    {
        var options = Fast() with { LeaseDuration = TimeSpan.FromSeconds(3), RenewDeadline = TimeSpan.FromSeconds(1) };
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _kcp.Server.Faults.Set(new FaultSettings(ErrorRate: 1, Status: 500, PathContains: $"/leases/{options.LeaseName}"));
        var failing = Stopwatch.StartNew();

        var lost = await Should.ThrowAsync<LeaderElectionLostException>(() => a.Run.WaitAsync(TimeSpan.FromSeconds(15)));
        failing.Elapsed.ShouldBeGreaterThan(options.RenewDeadline - options.RetryPeriod - TimeSpan.FromMilliseconds(100), "the last renewal may predate the fault by one retry period");
        lost.Reason.ShouldBe("was not renewed within the renew deadline (1s)");
        a.WorkCancelled.Task.IsCompleted.ShouldBeTrue();
        a.Elector.IsLeader.ShouldBeFalse();
    }

    [Test]
    public async Task RunAsync_WorkFails_ReleasesLeaseAndRethrows()
    {
        var options = Fast();
        await using var a = new Replica(_root, options, work: async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("work failed");
        });

        (await Should.ThrowAsync<InvalidOperationException>(() => a.Run.WaitAsync(TimeSpan.FromSeconds(15)))).Message.ShouldBe("work failed");
        (await ReadLeaseAsync(options.LeaseName))["spec"]!["holderIdentity"]!.GetValue<string>().ShouldBeEmpty();
    }

    [Test]
    public async Task RunAsync_LeaseNamespaceMissing_CreatesNamespaceAndLeads()
    {
        var options = Fast() with { LeaseNamespace = "election-" + Guid.NewGuid().ToString("N")[..8] };
        await using var a = new Replica(_root, options);

        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        (await _root.GetAsync(Leases, options.LeaseNamespace, options.LeaseName, CancellationToken.None))["spec"]!["holderIdentity"]!.GetValue<string>()
            .ShouldBe(a.Elector.Identity);
    }

    [Test]
    public async Task RunAsync_CancelledWhileStandingBy_ReturnsWithoutTouchingTheLease()
    {
        var options = Fast();
        await using var a = new Replica(_root, options);
        await a.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var b = new Replica(_root, options with { Identity = "b" });
        await EventuallyAsync(() => b.Elector.Holder == a.Elector.Identity, "b sees a as the holder");

        await b.StopAsync();

        b.Leading.Task.IsCompleted.ShouldBeFalse();
        (await ReadLeaseAsync(options.LeaseName))["spec"]!["holderIdentity"]!.GetValue<string>().ShouldBe(a.Elector.Identity);
    }

    [Test]
    public async Task RunAsync_ForeignLeaseWithAncientRenewTime_WaitsFullLeaseDurationFromObservation()
    {
        // The holder's clock may be anywhere: only the change this replica saw, and its own clock, count (client-go).
        var name = "lease-" + Guid.NewGuid().ToString("N")[..8];
        var ancient = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lease = new V1Lease { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Metadata = new V1ObjectMeta { Name = name } };
        new LeaderElectionRecord("crashed", 15, ancient, ancient, 3).ApplyTo(lease);
        await _root.CreateAsync(Leases, "default", LeaseLock.ToWire(lease), CancellationToken.None);
        var time = new FakeClock();
        await using var b = new Replica(_root, new LeaderElectionOptions { LeaseName = name, Identity = "b" }, time);
        await WaitingForNextAttemptAsync(time);
        b.Elector.Holder.ShouldBe("crashed");

        for (var elapsed = 2; elapsed <= 14; elapsed += 2)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await WaitingForNextAttemptAsync(time);
            b.Elector.IsLeader.ShouldBeFalse($"{elapsed} s after b saw the lease, within its 15 s duration");
        }

        time.Advance(TimeSpan.FromSeconds(2));
        await b.Leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var spec = (await ReadLeaseAsync(name))["spec"]!;
        spec["holderIdentity"]!.GetValue<string>().ShouldBe("b");
        spec["leaseTransitions"]!.GetValue<int>().ShouldBe(4);
        spec["acquireTime"]!.GetValue<string>().ShouldBe(LeaderElectionRecord.FormatMicroTime(time.GetUtcNow()));
    }

    [Test]
    public async Task RunAsync_WithMeter_LeaderGaugeFollowsLeadership()
    {
        using var meter = new Meter("test.leader." + Guid.NewGuid().ToString("N"));
        var gauge = 0;
        var published = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "resource_broker_leader")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Add(ref gauge, value);
            Volatile.Write(ref published, true);
        });
        listener.Start();
        var options = Fast();
        var elector = new LeaderElector(_root, options, TimeProvider.System, NullLogger<LeaderElector>.Instance, meter);
        published.ShouldBeTrue("the series exists, at 0, before any election");
        gauge.ShouldBe(0);
        using var stop = new CancellationTokenSource();
        var leading = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = elector.RunAsync(async token =>
        {
            leading.TrySetResult(Volatile.Read(ref gauge));
            await Task.Delay(Timeout.Infinite, token);
        }, stop.Token);

        (await leading.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(1);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Volatile.Read(ref gauge).ShouldBe(0);
    }

    private static async Task WaitingForNextAttemptAsync(FakeClock time)
    {
        // A standby's only timer is the pause before its next attempt: once it exists, the attempt before has finished.
        await EventuallyAsync(() => time.ActiveTimers == 1, "the elector waits for its next attempt");
    }

    private static LeaderElectionOptions Fast() => new()
    {
        LeaseName = "lease-" + Guid.NewGuid().ToString("N")[..8],
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1.5),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private Task<JsonObject> ReadLeaseAsync(string name) => _root.GetAsync(Leases, "default", name, CancellationToken.None);

    private async Task<DateTimeOffset> RenewTimeAsync(string name) =>
        DateTimeOffset.Parse((await ReadLeaseAsync(name))["spec"]!["renewTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    // Read-modify-write, again on conflict: the elector renews the same lease meanwhile.
    private async Task<JsonObject> UpdateLeaseAsync(string name, Action<JsonObject> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lease = await ReadLeaseAsync(name);
            change(lease);
            try
            {
                return await _root.UpdateAsync(Leases, lease, CancellationToken.None);
            }
            catch (ConflictException) when (attempt < 20)
            {
                // The elector renewed between our read and write.
            }
        }
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(what, condition, TimeSpan.FromSeconds(15));
}
