using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Translations;

/// <summary>
/// Moves between a translating provider (vendor-ca, VendorCertificate) and a non-translating one (internal-ca,
/// Certificate) keep every guarantee of a move: the Secret is polled every 50 ms, never absent, and switches once; the old
/// copy, of the other kind, goes. A MigrationConfiguration from Certificate to VendorCertificate applies to such a move,
/// with from and to bound to each provider's own object.
/// </summary>
public sealed class TranslatedMoveTests : BrokeringFixture
{
    [SetUp]
    public Task AddVendorAsync() => Env.AddVendorProviderAsync(CancellationToken.None);

    [TestCase("app.internal.corp", "internal-ca", "app.vendor.example", "vendor-ca")]
    [TestCase("app.vendor.example", "vendor-ca", "app.internal.corp", "internal-ca")]
    public async Task MoveAcrossKinds_SecretNeverAbsentAndSwitchesOnce_OldCopyGone(string fromFqdn, string from, string toFqdn, string to)
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", fromFqdn), CancellationToken.None);
        await Env.SettledOnAsync("app", from, fromFqdn);

        await Env.SetFqdnAsync("app", toFqdn);

        var seen = await Env.PollSecretAsync("app", TimeSpan.FromSeconds(20), until: FakeIssuer.SecretText(to, toFqdn));
        seen[^1].ShouldBe(FakeIssuer.SecretText(to, toFqdn));
        seen.Distinct().ShouldBe([FakeIssuer.SecretText(from, fromFqdn), FakeIssuer.SecretText(to, toFqdn)], "the Secret switches once, from the old provider's to the new one's");
        await Env.SettledOnAsync("app", to, toFqdn);
        var placement = await EventuallyAsync(async () => await Env.PlacementAsync() is { } p && p["spec"]!["previous"] is null ? p : null, "the old copy deleted");
        ((string?)placement["spec"]!["provider"]!["translatedTo"]?["kind"]).ShouldBe(to == "vendor-ca" ? "VendorCertificate" : null);
        await EventuallyAsync(async () => (await Env.StagingWorkspacesAsync()).Count == 1 ? "" : null, "only the new provider's staging workspace left");
        var certificate = await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "app");
        ((string?)certificate!["status"]!["status"]).ShouldBe("Available");
        ((string?)Condition(certificate, "Migrating")!["reason"]).ShouldBe("CutoverCompleted");
    }

    [Test]
    public async Task StagedMigration_FromCertificateToVendorCertificate_BindsEachProvidersObject()
    {
        var certificate = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        var vendor = new JsonObject { ["group"] = "vendor.example.com", ["version"] = "v1alpha1", ["kind"] = "VendorCertificate" };
        var configuration = MigrationConfiguration("to-vendor", new JsonObject
        {
            ["name"] = "copy",
            ["preconditions"] = new JsonArray("to.status.phase == 'Issued'"),
            ["templates"] = new JsonObject
            {
                ["copy"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["data"] = new JsonObject
                    {
                        ["from"] = "${from.kind} ${from.spec.fqdn} ${from.status.status}",
                        ["to"] = "${to.kind} ${to.spec.commonName} ${to.status.phase}",
                        ["done"] = "false",
                    },
                },
            },
            ["successConditions"] = new JsonArray("copy.data.done == 'true'"),
        });
        configuration["spec"]!["from"] = certificate;
        configuration["spec"]!["to"] = vendor;
        Env.Kcp.Bootstrap.Apply(Env.Platform, configuration);
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await Env.SettledOnAsync("app", "internal-ca");

        await Env.SetFqdnAsync("app", "app.vendor.example");

        var migration = await EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(m => (string?)m["status"]?["stage"] == "copy"), "stage copy running");
        ((string?)migration["spec"]!["from"]!["gvk"]!["kind"]).ShouldBe("Certificate");
        ((string?)migration["spec"]!["to"]!["gvk"]!["kind"]).ShouldBe("VendorCertificate");
        var copy = await EventuallyAsync(() => Env.TryGetAsync(Env.Client.Cluster("root:platform"), ConfigMaps, "default", KubeObject.Name(migration) + "-copy"), "the stage's ConfigMap");
        ((string?)copy["data"]!["from"]).ShouldBe("Certificate app.internal.corp Available");
        ((string?)copy["data"]!["to"]).ShouldBe("VendorCertificate app.vendor.example Issued");
        var toSecret = await EventuallyAsync(() => Env.TryGetAsync(Env.Client.Cluster("root:platform"), Secrets, "default", "to-app"), "the vendor's Secret (listed by fromProvider) in the stage target");
        SecretText(toSecret).ShouldBe(FakeIssuer.SecretText("vendor-ca", "app.vendor.example"));
        var held = await Env.PollSecretAsync("app", TimeSpan.FromMilliseconds(500), until: null);
        held.ShouldAllBe(s => s == FakeIssuer.SecretText("internal-ca", "app.internal.corp"), "the Secret switches only after the stage");

        await Env.Client.Cluster("root:platform").PatchAsync(ConfigMaps, "default", KubeObject.Name(migration) + "-copy", Broker.Kcp.Http.PatchType.Merge,
            new JsonObject { ["data"] = new JsonObject { ["done"] = "true" } }, CancellationToken.None);

        var seen = await Env.PollSecretAsync("app", TimeSpan.FromSeconds(20), until: FakeIssuer.SecretText("vendor-ca", "app.vendor.example"));
        seen.Distinct().Count().ShouldBeLessThanOrEqualTo(2);
        await Env.SettledOnAsync("app", "vendor-ca", "app.vendor.example");
        await EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(m => (string?)m["status"]?["state"] == "CutoverCompleted"), "CutoverCompleted");
    }
}
