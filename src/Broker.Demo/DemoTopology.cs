namespace Broker.Demo;

/// <summary>Every workspace <see cref="DemoEnvironment.SetUpAsync"/> made or found.</summary>
/// <param name="Platform">root:platform: the broker's exports (acceptapis, certificates, coordination).</param>
/// <param name="Providers">root:providers: the parent of the provider workspaces.</param>
/// <param name="InternalCa">root:providers:internal-ca: accepts fqdn suffix internal.corp.</param>
/// <param name="ExternalCa">root:providers:external-ca: accepts fqdn suffix corp.com.</param>
/// <param name="Consumer">root:consumer: binds root:platform's certificates export.</param>
public sealed record DemoTopology(
    DemoWorkspace Platform, DemoWorkspace Providers, DemoWorkspace InternalCa, DemoWorkspace ExternalCa, DemoWorkspace Consumer)
{
    public IReadOnlyList<DemoProvider> ProviderList =>
        [new(DemoEnvironment.InternalCaName, InternalCa), new(DemoEnvironment.ExternalCaName, ExternalCa)];

    public IReadOnlyList<DemoWorkspace> All => [Platform, Providers, InternalCa, ExternalCa, Consumer];

    /// <summary>The kubeconfig contexts the demo adds, by name: platform, internal-ca, external-ca, consumer.</summary>
    public IReadOnlyList<KeyValuePair<string, DemoWorkspace>> Contexts =>
    [
        new("platform", Platform),
        new(DemoEnvironment.InternalCaName, InternalCa),
        new(DemoEnvironment.ExternalCaName, ExternalCa),
        new("consumer", Consumer),
    ];
}
