using Broker.Demo;

namespace Broker.Durability.KillAnywhere;

/// <summary>A placed Certificate is deleted: its copy, its Secret and its Placement go, and then the object itself.</summary>
public sealed class DeletionFlow : BrokerFlow
{
    public override string Name => "deletion";

    public override IReadOnlyDictionary<string, int> CopyChange { get; } = new Dictionary<string, int> { [DemoEnvironment.InternalCaName] = -1, [DemoEnvironment.ExternalCaName] = 0 };

    public override int ExtraCopiesAllowed => 0;

    public override async Task PrepareAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken)
    {
        await CreateAsync(environment, name, $"{name}.internal.corp", cancellationToken);
        await SettleAsync(environment, name, DemoEnvironment.InternalCaName, cancellationToken);
    }

    public override Task ActAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken) =>
        environment.Consumer.DeleteAsync(KillAnywhereEnvironment.Certificates, "default", name, null, cancellationToken);

    public override async Task<string?> PendingAsync(KillAnywhereEnvironment environment, string name, CancellationToken cancellationToken)
    {
        if ((await environment.ConsumerCertificatesAsync(cancellationToken)).ContainsKey(name))
        {
            return $"{name} still exists";
        }

        return await environment.SecretIssuerAsync(name, cancellationToken) is null ? null : $"{name}'s Secret still exists";
    }
}
