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

    // Found by the sweep (kill-anywhere broker staged-move, the kill after write 11 of 29): the move completed, but the
    // stage object m-<migration>-approval stayed in the platform workspace. The boundary moves a little from run to run,
    // so this kills at each write around the stage object's creation.
    [Test]
    [Explicit("Broker bug in the migration controller (issue 15, not this branch's area): a kill around the stage object's creation can leave it behind after the move completes")]
    public async Task KillBroker_AroundTheStageObjectsCreation_LeavesNoStageObject()
    {
        var flow = new StagedMoveFlow();
        var writes = await _runner.RecordWritesAsync(flow, Timeout);
        var stageObject = writes.ToList().FindIndex(w => w.StartsWith("POST ", StringComparison.Ordinal) && w.Contains("/configmaps ", StringComparison.Ordinal)) + 1;
        stageObject.ShouldBeGreaterThan(0, string.Join("\n", writes));
        var points = new List<KillPoint>();
        for (var write = stageObject - 2; write <= stageObject + 2; write++)
        {
            points.Add(await _runner.RunAsync(flow, KillTarget.Broker, write, Timeout));
        }

        TestContext.Out.WriteLine(string.Join("\n", points));
        points.Where(p => p.Violations.Count > 0).ShouldBeEmpty(string.Join("\n", points));
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
