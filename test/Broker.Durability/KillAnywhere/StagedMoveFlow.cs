namespace Broker.Durability.KillAnywhere;

/// <summary>
/// The move with a stage (examples/kcp-certs/migration-approval.yaml): the new copy issues, the broker makes the
/// ConfigMap "approval" in the platform workspace, an approver (the harness) sets approved=true, and only then the
/// consumer's Secret switches and the old copy and the stage object go.
/// </summary>
public sealed class StagedMoveFlow : MoveFlow
{
    public override string Name => "staged-move";

    public override Task PlayOthersAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        environment.ApproveStagesAsync(cancellationToken);

    protected override Task ConfigureStagesAsync(KillAnywhereEnvironment environment, CancellationToken cancellationToken) =>
        environment.AddApprovalStageAsync(cancellationToken);
}
