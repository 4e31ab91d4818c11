using Broker.Durability.KillAnywhere;

namespace Broker.Durability.Tests.KillAnywhere;

/// <summary>
/// The CI subset of the kill-anywhere sweep: each flow once, killed at the middle write boundary, the broker (its own
/// process) or LocalKcp (persistent, its own process). The full sweep, every boundary of every flow, is the
/// <c>kill-anywhere</c> benchmark verb.
/// </summary>
[NonParallelizable]
public sealed class KillAnywhereTests
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(60);
    private KillAnywhereEnvironment _environment = null!;
    private KillAnywhereRunner _runner = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    public static IEnumerable<TestCaseData> Flows() => BrokerFlow.All.Select(f => new TestCaseData(f).SetArgDisplayNames(f.Name));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _environment = await KillAnywhereEnvironment.StartAsync(Timeout);
        _runner = new KillAnywhereRunner(_environment, ConvergeTimeout);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _environment.DisposeAsync();

    [TestCaseSource(nameof(Flows))]
    public async Task KillBroker_AtTheMiddleWrite_ConvergesWithoutViolations(BrokerFlow flow) =>
        await KillAtTheMiddleAsync(flow, KillTarget.Broker);

    [Test]
    public async Task KillLocalKcp_AtTheMiddleWriteOfAMove_ConvergesWithoutViolations() =>
        await KillAtTheMiddleAsync(new MoveFlow(), KillTarget.LocalKcp);

    // Found by the sweep (kill-anywhere broker staged-move): killed while a succeeded stage's objects were deleted, the
    // restarted broker finished the stage, then a pass on the cache's older Migration (its own status write not seen
    // yet) made the stage's approval ConfigMap again, which stayed after the move completed. Fixed: the Migration
    // controller does not act on a version older than its last write. Boundaries shift a little from run to run, so
    // this kills at every write from just before the stage object's creation to just after its deletion.
    [Test]
    [Explicit("slow: a broker kill at every write of a stage (a few seconds each, 60 s each with the bug); the kill-anywhere verb sweeps every write")]
    public async Task KillBroker_AroundTheStageObjectsCreation_LeavesNoStageObject()
    {
        var flow = new StagedMoveFlow();
        var writes = (await _runner.RecordWritesAsync(flow, Timeout)).ToList();
        var created = writes.FindIndex(w => w.StartsWith("POST ", StringComparison.Ordinal) && w.Contains("/configmaps ", StringComparison.Ordinal)) + 1;
        var deleted = writes.FindIndex(w => w.StartsWith("DELETE ", StringComparison.Ordinal) && w.Contains("/configmaps/", StringComparison.Ordinal)) + 1;
        created.ShouldBeGreaterThan(0, string.Join("\n", writes));
        deleted.ShouldBeGreaterThan(created, string.Join("\n", writes));
        var points = new List<KillPoint>();
        for (var write = created - 2; write <= deleted + 1; write++)
        {
            points.Add(await _runner.RunAsync(flow, KillTarget.Broker, write, Timeout));
        }

        TestContext.Out.WriteLine(string.Join("\n", points));
        points.Where(p => p.Violations.Count > 0).ShouldBeEmpty(string.Join("\n", points));
    }

    // Found by the sweep (kill-anywhere localkcp deletion): after several LocalKcp kills, an object placed and then
    // deleted lost its finalizer at once; its copy, Placement (Placed) and Secret stayed. The broker's Placement cache was
    // behind (its watch reconnecting), and 'deleting, no Placement' read as never placed. Fixed: the finalizer goes only
    // once the server confirms there is no Placement (Broker.Controllers.Tests' Delete_PlacementCacheBehind_... covers
    // it in seconds), and a quiet watch's breaks no longer grow its reconnect delay (InformerTests). Now 0 of 11.
    [Test]
    [Explicit("slow: a LocalKcp kill at every write of the deletion flow (about 30 s); the kill-anywhere verb sweeps every flow")]
    public async Task KillLocalKcp_EveryWriteOfTheDeletionFlow_ConvergesWithoutViolations()
    {
        var flow = new DeletionFlow();
        var writes = (await _runner.RecordWritesAsync(flow, Timeout)).Count;
        var points = new List<KillPoint>();
        for (var write = 1; write <= writes + 1; write++)
        {
            points.Add(await _runner.RunAsync(flow, KillTarget.LocalKcp, write, Timeout));
        }

        TestContext.Out.WriteLine(string.Join("\n", points));
        points.Where(p => p.Violations.Count > 0).ShouldBeEmpty(string.Join("\n", points));
    }

    // Seen once in a LocalKcp sweep: after LocalKcp restarts, over 1,000 status writes on settled Certificates. A restart
    // changes nothing the broker mirrors, so once the broker is back (a new object placed proves it) it has written
    // nothing about the settled ones.
    [Test]
    public async Task KillLocalKcp_WhileObjectsAreSettled_NothingIsWrittenAboutThem()
    {
        var flow = new PlacementFlow();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var settled = Enumerable.Range(1, 3).Select(i => $"settled-{i}-{suffix}").ToList();
        await _environment.CutBrokerWritesAfterAsync(int.MaxValue, Timeout);
        foreach (var name in settled)
        {
            await flow.ActAsync(_environment, name, Timeout);
        }

        // Settled: placed, and the broker quiet for a second (a status write may come after the Secret).
        var (answered, since) = (-1, TimeProvider.System.GetTimestamp());
        await Converge.OrThrowAsync("settled and quiet", async () =>
        {
            var now = (await _environment.CutoffAsync(Timeout)).Answered;
            (answered, since) = now == answered ? (answered, since) : (now, TimeProvider.System.GetTimestamp());
            return (await Task.WhenAll(settled.Select(n => flow.PendingAsync(_environment, n, Timeout)))).FirstOrDefault(p => p is not null)
                ?? (TimeProvider.System.GetElapsedTime(since) < TimeSpan.FromSeconds(1) ? "the broker is still writing" : null);
        }, ConvergeTimeout, Timeout);
        await _environment.RestartLocalKcpAsync(Timeout);
        await _environment.CutBrokerWritesAfterAsync(int.MaxValue, Timeout); // counts the broker's writes from here
        var canary = $"canary-{suffix}";
        await flow.ActAsync(_environment, canary, Timeout);
        await Converge.OrThrowAsync("the canary placed", () => flow.PendingAsync(_environment, canary, Timeout), ConvergeTimeout, Timeout);

        var writes = await _environment.CutoffWritesAsync(Timeout);
        await _environment.ClearFaultsAsync(Timeout);
        writes.Where(w => settled.Exists(n => w.Contains(n, StringComparison.Ordinal))).ShouldBeEmpty(string.Join("\n", writes));
        writes.ShouldContain(w => w.Contains(canary, StringComparison.Ordinal)); // the broker was counted
    }

    private async Task KillAtTheMiddleAsync(BrokerFlow flow, KillTarget target)
    {
        var writes = (await _runner.RecordWritesAsync(flow, Timeout)).Count;
        writes.ShouldBeGreaterThan(1, $"the {flow.Name} flow made {writes} writes");
        var point = await _runner.RunAsync(flow, target, writes / 2, Timeout);
        TestContext.Out.WriteLine($"{writes} writes; {point}");
        point.Killed.ShouldBeTrue(point.ToString());
        point.Violations.ShouldBeEmpty($"{point}\n{_environment.Broker?.Output}");
    }
}
