namespace Broker.Demo;

/// <summary>Every workspace <see cref="DemoEnvironment.SetUpAsync"/> made or found.</summary>
/// <param name="Platform">root:platform: the broker's exports (acceptapis, certificates, coordination).</param>
/// <param name="Providers">root:providers: the parent of the provider workspaces.</param>
/// <param name="InternalCa">root:providers:internal-ca: accepts fqdn suffix internal.corp.</param>
/// <param name="ExternalCa">root:providers:external-ca: accepts fqdn suffix corp.com.</param>
/// <param name="Consumer">root:consumer: binds root:platform's certificates export.</param>
/// <param name="VendorCa">root:providers:vendor-ca: serves its own VendorCertificate API; accepts fqdn suffix vendor.example, translated.</param>
public sealed record DemoTopology(
    DemoWorkspace Platform, DemoWorkspace Providers, DemoWorkspace InternalCa, DemoWorkspace ExternalCa, DemoWorkspace Consumer, DemoWorkspace VendorCa)
{
    public IReadOnlyList<DemoProvider> ProviderList =>
    [
        new(DemoEnvironment.InternalCaName, InternalCa),
        new(DemoEnvironment.ExternalCaName, ExternalCa),
        new(DemoEnvironment.VendorCaName, VendorCa, DemoEnvironment.VendorCertificatesExport, Vendor: true),
    ];

    public IReadOnlyList<DemoWorkspace> All => [Platform, Providers, InternalCa, ExternalCa, VendorCa, Consumer];

    /// <summary>The kubeconfig contexts the demo adds, by name: platform, internal-ca, external-ca, vendor-ca, consumer.</summary>
    public IReadOnlyList<KeyValuePair<string, DemoWorkspace>> Contexts =>
    [
        new("platform", Platform),
        new(DemoEnvironment.InternalCaName, InternalCa),
        new(DemoEnvironment.ExternalCaName, ExternalCa),
        new(DemoEnvironment.VendorCaName, VendorCa),
        new("consumer", Consumer),
    ];
}
