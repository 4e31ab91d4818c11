using System.Text.Json.Nodes;
using Broker.Demo;
using Broker.Kcp.Http;

namespace Broker.Durability.KillAnywhere;

/// <summary>A placed Certificate's fqdn changes to corp.com: it moves to external-ca, the new copy ready before the old one goes.</summary>
public class MoveFlow : BrokerFlow
{
    public override string Name => "move";

    public override IReadOnlyDictionary<string, int> CopyChange { get; } = new Dictionary<string, int> { [DemoEnvironment.InternalCaName] = -1, [DemoEnvironment.ExternalCaName] = 1 };

    public override bool SecretKept => true;

    public override bool Moves => true;

    public override async Task PrepareAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken)
    {
        await ConfigureStagesAsync(environment, cancellationToken);
        await CreateAsync(environment, name, $"{name}.internal.corp", cancellationToken);
        await SettleAsync(environment, name, DemoEnvironment.InternalCaName, cancellationToken);
    }

    public override Task ActAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        environment.Consumer.PatchAsync(KillAnywhereEnvironment.Certificates, "default", name, PatchType.Merge,
            new JsonObject { ["spec"] = new JsonObject { ["fqdn"] = $"{name}.corp.com" } }, cancellationToken);

    public override Task<string?> PendingAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        PlacedOnAsync(environment, name, DemoEnvironment.ExternalCaName, cancellationToken);

    /// <summary>Gives moves their stages, here none.</summary>
    protected virtual Task ConfigureStagesAsync(KillAnywhereEnvironment environment, CancellationToken cancellationToken) =>
        environment.RemoveApprovalStageAsync(cancellationToken);
}
