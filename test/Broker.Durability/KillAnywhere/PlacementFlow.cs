using Broker.Demo;

namespace Broker.Durability.KillAnywhere;

/// <summary>A new Certificate is placed on internal-ca: Placement, staging workspace, copy, status and Secret back.</summary>
public sealed class PlacementFlow : BrokerFlow
{
    public override string Name => "placement";

    public override IReadOnlyDictionary<string, int> CopyChange { get; } = new Dictionary<string, int> { [DemoEnvironment.InternalCaName] = 1, [DemoEnvironment.ExternalCaName] = 0 };

    public override Task ActAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        CreateAsync(environment, name, $"{name}.internal.corp", cancellationToken);

    public override Task<string?> PendingAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        PlacedOnAsync(environment, name, DemoEnvironment.InternalCaName, cancellationToken);
}
