using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Translations;

/// <summary>
/// A provider that serves its own API (vendor-ca: VendorCertificate) against LocalKcp: the copy is the provider's kind,
/// built by toProvider; spec changes follow (an unchanged translation writes nothing); status and the Secret come back
/// through fromProvider; deletion removes it; a bad translation is reported on the AcceptAPI and on the object.
/// </summary>
public sealed class TranslatedBrokeringTests : BrokeringFixture
{
    [SetUp]
    public Task AddVendorAsync() => Env.AddVendorProviderAsync(CancellationToken.None);

    [Test]
    public async Task Certificate_BecomesAVendorCertificate_StatusAndSecretComeBack_DeletionRemovesIt()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("shop", "shop.vendor.example"), CancellationToken.None);

        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
        var certificate = (await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "shop"))!;
        ((string?)certificate["status"]!["status"]).ShouldBe("Available");
        ((string?)certificate["status"]!["relatedResources"]!["secret"]!["name"]).ShouldBe("shop");
        ((string?)Condition(certificate, "Placed")!["message"]).ShouldBe("placed on root:providers:vendor-ca by AcceptAPI default/vendor-certificates");
        ((string?)Condition(certificate, "Migrating")!["reason"]).ShouldBe("Stable");
        var placement = (await Env.PlacementAsync())!;
        ((string?)placement["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorCertificate");
        var staging = Env.Client.Cluster((string)placement["spec"]!["provider"]!["stagingWorkspace"]!);
        var vendor = await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None);
        vendor["spec"]!.ToJsonString().ShouldBe("""{"commonName":"shop.vendor.example","dnsNames":["shop.vendor.example"]}""");
        ((string?)vendor["kind"]).ShouldBe("VendorCertificate");
        vendor["metadata"]!["labels"].ShouldBeNull("the translation sets no labels");

        await Env.SetFqdnAsync("shop", "www.vendor.example");

        await Env.SettledOnAsync("shop", "vendor-ca", "www.vendor.example");
        vendor = await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None);
        ((string?)vendor["spec"]!["commonName"]).ShouldBe("www.vendor.example");

        // The provider changes its Secret (a renewal): the consumer's follows, woken through the copy whose status names it.
        var vendorSecret = await staging.GetAsync(Secrets, "default", "shop", CancellationToken.None);
        vendorSecret["data"]!["renewed"] = Convert.ToBase64String("yes"u8.ToArray());
        await staging.UpdateAsync(Secrets, vendorSecret, CancellationToken.None);
        await EventuallyAsync(async () => (string?)(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "shop"))?["data"]?["renewed"] is not null ? "" : null, "the renewed Secret at the consumer");

        // A change the translation ignores (a label) reaches the broker but writes nothing at the provider.
        var version = (string?)vendor["metadata"]!["resourceVersion"];
        var passes = await PlacementPassesAsync();
        await Env.ConsumerClient.PatchAsync(Certificates, "default", "shop", PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "shop" } } }, CancellationToken.None);
        await Eventually.UntilAsync("a placement pass after the label change", async () => await PlacementPassesAsync() > passes);
        ((string?)(await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None))["metadata"]!["resourceVersion"]).ShouldBe(version);

        // A changed translation re-renders the copies it made.
        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-certificates", "vendor.example", t => t["toProvider"]!["spec"]!["dnsNames"]!.AsArray().Add("alt.${self.spec.fqdn}")));
        await EventuallyAsync(async () => (await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None))["spec"]!["dnsNames"]!.AsArray().Count == 2 ? "" : null, "the VendorCertificate re-rendered");
        ((string?)(await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None))["spec"]!["dnsNames"]![1]).ShouldBe("alt.www.vendor.example");

        await Env.ConsumerClient.DeleteAsync(Certificates, "default", "shop", null, CancellationToken.None);

        await Eventually.UntilAsync("the certificate, its Secret, VendorCertificate and Placement gone", async () =>
            await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "shop") is null
            && await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "shop") is null
            && await Env.PlacementAsync() is null
            && (await Env.StagingWorkspacesAsync()).Count == 0);
    }

    [Test]
    public async Task InvalidTranslations_AreReportedOnTheAcceptApi_AndAnUntranslatableObjectOnItself()
    {
        var vendor = Env.Providers["vendor-ca"];
        Env.Kcp.Bootstrap.Apply(vendor, Variant("broken-template", "broken.example", t => t["toProvider"]!["spec"]!["commonName"] = "${self.spec.fqdn +}"));
        Env.Kcp.Bootstrap.Apply(vendor, Variant("unserved", "unserved.example", t => t["target"]!["resource"] = "vendorkeys"));
        Env.Kcp.Bootstrap.Apply(vendor, Variant("reads-missing", "missing.example", t => t["toProvider"]!["spec"]!["commonName"] = "${self.spec.owner}"));

        var broken = await AvailableAsync("broken-template", "False");
        ((string?)broken["reason"]).ShouldBe("InvalidSpec");
        ((string?)broken["message"]).ShouldStartWith("spec.translation.toProvider.spec.commonName: 1:");
        var unserved = await AvailableAsync("unserved", "False");
        ((string?)unserved["reason"]).ShouldBe("TranslationTargetNotServed");
        ((string?)unserved["message"]).ShouldBe("spec.translation.target: APIExport vendor-certificates in root:providers:vendor-ca does not serve vendorkeys.vendor.example.com (it serves vendorcertificates.vendor.example.com)");
        var good = await AvailableAsync("vendor-certificates", "True");
        ((string?)good["message"]).ShouldBe("accepts example.platform-mesh.io/v1alpha1/certificates through export vendor-certificates, translated to vendor.example.com/v1alpha1/vendorcertificates (VendorCertificate)");

        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("odd", "odd.missing.example"), CancellationToken.None);

        var placed = await EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "odd"), "Placed") is { } c && (string?)c["reason"] == "TranslationFailed" ? c : null, "Placed=False TranslationFailed");
        ((string?)placed["status"]).ShouldBe("False");
        ((string?)placed["message"]).ShouldBe("AcceptAPI default/reads-missing of root:providers:vendor-ca: spec.translation.toProvider.spec.commonName: ${self.spec.owner}: no such key: 'owner'");
        var warning = await EventuallyAsync(async () => (await Env.EventsAsync("odd")).FirstOrDefault(e => (string?)e["reason"] == "TranslationFailed"), "a TranslationFailed event");
        ((string?)warning["type"]).ShouldBe("Warning");

        // Other objects are not held up.
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("fine", "fine.vendor.example"), CancellationToken.None);
        await Env.SettledOnAsync("fine", "vendor-ca", "fine.vendor.example");
    }

    [Test]
    public async Task ChangingTheTranslationTarget_MovesTheObjectToACopyOfTheNewKind_WithoutDowntime()
    {
        Env.AddVendorKeys();
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("shop", "shop.vendor.example"), CancellationToken.None);
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
        var staging = Env.Client.Cluster((string)(await Env.PlacementAsync())!["spec"]!["provider"]!["stagingWorkspace"]!);

        // The vendor's AcceptAPI now translates to VendorKeys: a copy cannot change its kind, so the object moves on the
        // same provider, the VendorKey made (and issued) before the VendorCertificate goes.
        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-certificates", "vendor.example", ToVendorKeys));

        var moved = await MovedAsync("shop");
        ((string?)moved["message"]).ShouldBe("moved on root:providers:vendor-ca from VendorCertificate through export vendor-certificates to VendorKey through export vendor-certificates");
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
        var placement = (await Env.PlacementAsync())!;
        ((string?)placement["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorKey");
        ((string?)(await staging.GetAsync(VendorKeys, "default", "shop", CancellationToken.None))["spec"]!["commonName"]).ShouldBe("shop.vendor.example");
        await Eventually.UntilAsync("the VendorCertificate deleted", async () => (await staging.ListAllAsync(VendorCertificates, null, null, CancellationToken.None)).Items.Count == 0);
        var events = await Env.EventsAsync("shop");
        events.ShouldContain(e => (string?)e["reason"] == "Moving");
        events.ShouldNotContain(e => (string?)e["reason"] == "TranslationFailed", "the object was never left untranslatable");
    }

    [Test]
    public async Task AnotherAcceptApiOfTheSameExport_WithAnotherKind_MovesTheObjectToACopyOfItsKind()
    {
        Env.AddVendorKeys();
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("shop", "shop.vendor.example"), CancellationToken.None);
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");

        // The same provider's other AcceptAPI is chosen once the first stops matching; its copy is a VendorKey.
        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-keys", "vendor.example", ToVendorKeys));
        await AvailableAsync("vendor-keys", "True");
        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-certificates", "elsewhere.example", t => { }));

        await MovedAsync("shop");
        var placement = (await Env.PlacementAsync())!;
        ((string?)placement["spec"]!["provider"]!["acceptAPI"]!["name"]).ShouldBe("vendor-keys");
        ((string?)placement["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorKey");
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
    }

    [Test]
    public async Task TranslationChangedBackMidMove_DropsTheTarget_AndItsCopy_TheObjectStaysAsItWas()
    {
        var (staging, migration) = await MoveToVendorKeysWaitingForApprovalAsync();

        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-certificates", "vendor.example", t => { }));

        await Eventually.UntilAsync("the target dropped and its VendorKey deleted", async () =>
            (await Env.PlacementAsync())?["spec"]?["target"] is null
            && (await Env.StagingWorkspacesAsync()).Count == 1
            && (await staging.ListAllAsync(VendorKeys, null, null, CancellationToken.None)).Items.Count == 0);
        var superseded = await EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(m => (string?)m["status"]?["state"] == "Failed"), "the abandoned move's Migration failed");
        ((string?)Condition(superseded, "Failed")!["reason"]).ShouldBe("Superseded");
        await Eventually.UntilAsync("its approval ConfigMap removed", async () => await ApprovalAsync(migration) is null);
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorCertificate");
        ((string?)(await staging.GetAsync(VendorCertificates, "default", "shop", CancellationToken.None))["spec"]!["commonName"]).ShouldBe("shop.vendor.example");
        ((string?)Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", "shop"), "Migrating")!["reason"]).ShouldBe("Stable");
    }

    [Test]
    public async Task MoveWithinTheProvider_RunsTheStagesOfItsKinds_AndCutsOverOnlyAfterTheLast()
    {
        var (staging, migration) = await MoveToVendorKeysWaitingForApprovalAsync();
        (await staging.ListAllAsync(VendorCertificates, null, null, CancellationToken.None)).Items.Count.ShouldBe(1, "the old copy serves until the cutover");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorCertificate");

        await Env.Client.Cluster("root:platform").PatchAsync(ConfigMaps, "default", migration + "-approval", PatchType.Merge,
            new JsonObject { ["data"] = new JsonObject { ["approved"] = "true" } }, CancellationToken.None);

        var done = await EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(m => (string?)m["status"]?["state"] == "CutoverCompleted"), "the move cut over");
        ((string?)Condition(done, "StagesCompleted")!["message"]).ShouldBe("all 1 stage(s) of MigrationConfiguration vendor-keys succeeded");
        await MovedAsync("shop");
        ((string?)(await Env.PlacementAsync())!["spec"]!["provider"]!["translatedTo"]!["kind"]).ShouldBe("VendorKey");
        await Eventually.UntilAsync("the VendorCertificate deleted", async () => (await staging.ListAllAsync(VendorCertificates, null, null, CancellationToken.None)).Items.Count == 0);
    }

    // shop on vendor-ca as a VendorCertificate; then the translation targets VendorKeys, whose move a MigrationConfiguration
    // for VendorCertificate to VendorKey holds at an approval stage. The staging workspace and the Migration's name.
    private async Task<(ClusterClient Staging, string Migration)> MoveToVendorKeysWaitingForApprovalAsync()
    {
        Env.AddVendorKeys();
        var configuration = MigrationConfiguration("vendor-keys", ApprovalStage(new JsonObject { ["provider"] = "${migration.spec.to.provider}" }));
        configuration["spec"]!["from"] = new JsonObject { ["group"] = "vendor.example.com", ["version"] = "v1alpha1", ["kind"] = "VendorCertificate" };
        configuration["spec"]!["to"] = new JsonObject { ["group"] = "vendor.example.com", ["version"] = "v1alpha1", ["kind"] = "VendorKey" };
        Env.Kcp.Bootstrap.Apply(Env.Platform, configuration);
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("shop", "shop.vendor.example"), CancellationToken.None);
        await Env.SettledOnAsync("shop", "vendor-ca", "shop.vendor.example");
        var staging = Env.Client.Cluster((string)(await Env.PlacementAsync())!["spec"]!["provider"]!["stagingWorkspace"]!);

        Env.Kcp.Bootstrap.Apply(Env.Providers["vendor-ca"], Variant("vendor-certificates", "vendor.example", ToVendorKeys));

        var migration = KubeObject.Name(await EventuallyAsync(async () => (await Env.MigrationsAsync()).FirstOrDefault(m => (string?)m["status"]?["stage"] == "approve"), "the move waiting at stage approve"));
        await EventuallyAsync(() => ApprovalAsync(migration), "the approval ConfigMap");
        ((string?)(await Env.PlacementAsync())!["spec"]!["target"]!["translatedTo"]!["kind"]).ShouldBe("VendorKey");
        return (staging, migration);
    }

    private Task<JsonObject?> ApprovalAsync(string migration) => Env.TryGetAsync(Env.Client.Cluster("root:platform"), ConfigMaps, "default", migration + "-approval");

    // The translation's target becomes the vendor's second kind (same mapping: its schema is the VendorCertificate's).
    private static void ToVendorKeys(JsonObject translation) =>
        translation["target"] = new JsonObject { ["group"] = "vendor.example.com", ["version"] = "v1alpha1", ["resource"] = "vendorkeys", ["kind"] = "VendorKey" };

    // The consumer's Migrating condition once the move cut over.
    private Task<JsonObject> MovedAsync(string name) =>
        EventuallyAsync(async () => Condition(await Env.TryGetAsync(Env.ConsumerClient, Certificates, "default", name), "Migrating") is { } c && (string?)c["reason"] == "CutoverCompleted" ? c : null, $"{name} moved");

    private async Task<double> RoutedAsync() =>
        (await Env.Metrics.ScrapeAsync()).Value("resource_broker_routing_duration_seconds_count", ("provider", "root:providers:vendor-ca")) ?? 0;

    private async Task<double> PlacementPassesAsync() =>
        (await Env.Metrics.ScrapeAsync()).Value("resource_broker_reconcile_duration_seconds_count", ("controller", "placements")) ?? 0;

    private Task<JsonObject> AvailableAsync(string name, string status) =>
        EventuallyAsync(async () =>
            Condition(await Env.TryGetAsync(Env.Client.Cluster("root:providers:vendor-ca"), AcceptApiResource, "default", name), "Available") is { } c && (string?)c["status"] == status ? c : null,
            $"AcceptAPI {name} Available={status}");

    // The vendor's AcceptAPI under another name and suffix, with its translation changed.
    private static JsonObject Variant(string name, string suffix, Action<JsonObject> change)
    {
        var acceptApi = Broker.Core.Yaml.YamlJson.ReadDocuments(File.ReadAllText(RepositoryRoot.Combine("examples", "kcp-certs", "vendor-ca", "acceptapi.yaml")))[0].AsObject();
        acceptApi["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        acceptApi["spec"]!["filters"]![0]!["suffix"] = suffix;
        change(acceptApi["spec"]!["translation"]!.AsObject());
        return acceptApi;
    }
}
