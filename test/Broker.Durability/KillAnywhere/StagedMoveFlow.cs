using System.Text.Json.Nodes;
using Broker.Demo;
using Broker.Kcp.Http;

namespace Broker.Durability.KillAnywhere;

/// <summary>
/// A move with a stage (examples/kcp-certs/migration-approval.yaml): the new copy issues, the broker makes the ConfigMap
/// "approval" in the platform workspace, an approver (the harness) sets approved=true, and only then the consumer's
/// Secret switches, the old copy and the stage object go.
/// </summary>
public sealed class StagedMoveFlow : BrokerFlow
{
    public override string Name => "staged-move";

    public override IReadOnlyDictionary<string, int> CopyChange { get; } = new Dictionary<string, int> { [DemoEnvironment.InternalCaName] = -1, [DemoEnvironment.ExternalCaName] = 1 };

    public override bool SecretKept => true;

    public override bool Moves => true;

    public override async Task PrepareAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken)
    {
        await environment.AddApprovalStageAsync(cancellationToken);
        await CreateAsync(environment, name, $"{name}.internal.corp", cancellationToken);
        await SettleAsync(environment, name, DemoEnvironment.InternalCaName, cancellationToken);
    }

    public override Task ActAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        environment.Consumer.PatchAsync(KillAnywhereEnvironment.Certificates, "default", name, PatchType.Merge,
            new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = $"{name}.corp.com" } }, cancellationToken);

    public override Task PlayOthersAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        environment.ApproveStagesAsync(cancellationToken);

    public override Task<string?> PendingAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        PlacedOnAsync(environment, name, DemoEnvironment.ExternalCaName, cancellationToken);
}
