using System.Text;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests;

/// <summary>The broker against LocalKcp, end to end through the API: placement, status, Secrets, moves, deletion.</summary>
[NonParallelizable]
public sealed class BrokeringTests
{
    private BrokeringEnvironment _env = null!;
    private FakeIssuer _issuer = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _env = await BrokeringEnvironment.StartAsync();
        _issuer = new FakeIssuer(_env);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _issuer.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Test]
    public async Task Create_InternalName_PlacedOnInternalCaWithSecretAndStatus()
    {
        await _env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);

        var secret = await EventuallyAsync(() => _env.TryGetAsync(_env.ConsumerClient, Secrets, "default", "app"), "the Secret in the consumer namespace");
        SecretText(secret).ShouldBe(FakeIssuer.SecretText("internal-ca", "app.internal.corp"));
        var certificate = await EventuallyAsync(async () =>
        {
            var c = await _env.TryGetAsync(_env.ConsumerClient, Certificates, "default", "app");
            return Condition(c, "Placed")?["status"]?.GetValue<string>() == "True" && (string?)c!["status"]?["status"] == "Available" ? c : null;
        }, "Placed=True and status Available");
        ((string?)Condition(certificate, "Placed")!["message"]).ShouldBe("placed on root:providers:internal-ca by AcceptAPI default/internal-ca-certs");
        ((string?)Condition(certificate, "Ready")!["status"]).ShouldBe("True"); // the provider's condition is kept
        ((string?)certificate["status"]!["relatedResources"]!["secret"]!["name"]).ShouldBe("app");
        ((string?)secret["metadata"]!["ownerReferences"]![0]!["name"]).ShouldBe("app");
        certificate["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f).ShouldContain("broker.platform-mesh.io/generic-finalizer");
    }

    [Test]
    public async Task Create_NoProviderMatches_PlacedFalseWithEveryReason()
    {
        await _env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("stray", "a.example.com"), CancellationToken.None);

        var placed = await EventuallyAsync(async () => Condition(await _env.TryGetAsync(_env.ConsumerClient, Certificates, "default", "stray"), "Placed"), "a Placed condition");

        ((string?)placed["status"]).ShouldBe("False");
        ((string?)placed["reason"]).ShouldBe("NoMatchingProvider");
        ((string?)placed["message"]).ShouldBe("0/2 providers accept: external-ca: spec.fqdn \"a.example.com\" lacks suffix \"corp.com\"; internal-ca: spec.fqdn \"a.example.com\" lacks suffix \"internal.corp\"");
        (await _env.Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.ShouldBeEmpty();
    }

    [Test]
    public async Task UpdateFqdn_MovesToExternalCa_SecretNeverAbsentAndOldCopyGone()
    {
        await _env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(async () => SecretText(await _env.TryGetAsync(_env.ConsumerClient, Secrets, "default", "app")) == FakeIssuer.SecretText("internal-ca", "app.internal.corp") ? "" : null, "the internal Secret");

        var certificate = await _env.ConsumerClient.GetAsync(Certificates, "default", "app", CancellationToken.None);
        certificate["spec"]!["fqdn"] = "app.corp.com";
        await _env.ConsumerClient.UpdateAsync(Certificates, certificate, CancellationToken.None);

        // Poll every 50 ms: the Secret must be there every time, and switch once to the new issuer.
        var seen = new List<string?>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var secret = await _env.TryGetAsync(_env.ConsumerClient, Secrets, "default", "app");
            secret.ShouldNotBeNull("the Secret was absent during the move");
            seen.Add(SecretText(secret));
            if (seen[^1] == FakeIssuer.SecretText("external-ca", "app.corp.com"))
            {
                break;
            }

            await Task.Delay(50);
        }

        seen[^1].ShouldBe(FakeIssuer.SecretText("external-ca", "app.corp.com"));
        seen.Distinct().Count().ShouldBeLessThanOrEqualTo(2);
        var internalStaging = await EventuallyAsync(async () =>
        {
            var workspaces = await _env.Client.Cluster("root:platform").ListAllAsync(new GroupVersionResource("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false), null, null, CancellationToken.None);
            return workspaces.Items.Count(w => w["metadata"]?["deletionTimestamp"] is null && KubeObject.Name(w).StartsWith("staging-", StringComparison.Ordinal)) == 1 ? "" : null;
        }, "the internal-ca staging workspace to be removed");
        internalStaging.ShouldBe("");
        var placed = await EventuallyAsync(async () =>
        {
            var c = await _env.TryGetAsync(_env.ConsumerClient, Certificates, "default", "app");
            return (string?)Condition(c, "Placed")?["message"] == "placed on root:providers:external-ca by AcceptAPI default/external-ca-certs" ? c : null;
        }, "Placed on external-ca");
        ((string?)Condition(placed, "Migrating")!["reason"]).ShouldBe("CutoverCompleted");
    }

    [Test]
    public async Task Delete_RemovesCopySecretAndPlacementThenReleases()
    {
        await _env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(() => _env.TryGetAsync(_env.ConsumerClient, Secrets, "default", "app"), "the Secret");

        await _env.ConsumerClient.DeleteAsync(Certificates, "default", "app", null, CancellationToken.None);

        await EventuallyAsync(async () => await _env.TryGetAsync(_env.ConsumerClient, Certificates, "default", "app") is null ? "" : null, "the Certificate to be released");
        (await _env.TryGetAsync(_env.ConsumerClient, Secrets, "default", "app")).ShouldBeNull();
        (await _env.Client.Cluster("root:platform").ListAllAsync(Placements, null, null, CancellationToken.None)).Items.ShouldBeEmpty();
    }

    private static JsonObject? Condition(JsonObject? obj, string type) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    private static string? SecretText(JsonObject? secret) =>
        (string?)secret?["data"]?["tls.crt"] is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : null;
}
