using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>
/// Issue 17's least-privilege sweep: each rule of the broker's ClusterRoles (contrib/kcp/rbac) is taken away in turn
/// while the broker runs as resource-broker; a new Certificate must then get no Secret, and once the rule is back it
/// must get one (the broker recovers, restarted if the refusal stopped it). Rules the certificate flow does not use
/// are listed, and must be exactly the ones documented for other flows. Long (a wait per rule): hack/sweep-broker-rbac.sh.
/// </summary>
[Explicit("about two minutes: hack/sweep-broker-rbac.sh")]
[Category("Sweep")]
public sealed class LeastPrivilegeSweepTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly GroupVersionResource ClusterRoles = new("rbac.authorization.k8s.io", "v1", "clusterroles", Namespaced: false);

    /// <summary>
    /// Rules the certificate flow does not need: staged migrations' stage objects, leader election (--leader-elect) and Events
    /// on the platform's records; and, in provider workspaces, reading the provider export's virtual workspace, through which
    /// a provider's later changes (a status change, a rotated Secret) reach the consumer: a new copy's first status is also
    /// polled, so the flow here gets its Secret without it.
    /// </summary>
    private static readonly string[] OtherFlows =
    [
        "platform /secrets", "platform coordination.k8s.io/leases", "platform /namespaces", "platform /events,events.k8s.io/events",
        "provider apis.kcp.io/apiexportendpointslices", "provider apis.kcp.io/apiexports/content",
    ];

    [Test]
    public async Task EachBrokerRule_IsNeededByTheCertificateFlow_OrDocumentedForAnother()
    {
        await using var demo = await PartiesDemo.StartAsync(TimeSpan.Zero);
        demo.StartBroker();
        var roles = new List<(string Workspace, string Label)> { (demo.Topology.Platform.Path, "platform") };
        roles.AddRange(demo.Topology.ProviderList.Select(p => (p.Workspace.Path, "provider")));
        var unneeded = new List<string>();
        var report = new List<string>();
        var n = 0;
        foreach (var (label, index, rule) in await RulesAsync(demo, roles))
        {
            // A fresh broker and a fresh consumer each time, so start-up reads and a new staging workspace are exercised.
            var workspaces = roles.Where(r => r.Label == label).Select(r => r.Workspace).ToList();
            var original = await SetRuleAsync(demo, workspaces, index, remove: true);
            await demo.StopBrokerAsync();
            demo.StartBroker();
            var consumer = await NewConsumerAsync(demo, $"sweep-{n++}");
            await CreateCertificateAsync(consumer, "sweep");
            var blocked = await SecretWithinAsync(consumer, "sweep", TimeSpan.FromSeconds(8)) is null;
            var stopped = demo.Broker.IsCompleted;
            var told = blocked ? await PlacedConditionAsync(consumer, "sweep") ?? (demo.Service?.Waiting is { } waiting ? $"nothing; /readyz said {waiting}" : null) : null;
            await SetRuleAsync(demo, workspaces, index, remove: false, original);
            if (stopped)
            {
                demo.StartBroker();
            }

            (await SecretWithinAsync(consumer, "sweep", TimeSpan.FromSeconds(60))).ShouldNotBeNull($"the broker did not recover once {label} rule {Describe(rule)} was back");
            report.Add($"{label} {Describe(rule)}: {(blocked ? "needed" : "not used")}{(stopped ? "; the broker stopped on the refusal" : "")}{(told is null ? "; nobody was told" : $"; the Certificate said {told}")}");
            if (!blocked)
            {
                unneeded.Add($"{label} {Describe(rule)}");
            }
        }

        await TestContext.Out.WriteLineAsync(string.Join('\n', report));
        unneeded.Order(StringComparer.Ordinal).ShouldBe(OtherFlows.Order(StringComparer.Ordinal), string.Join('\n', report));
    }

    private static async Task<List<(string Label, int Index, JsonObject Rule)>> RulesAsync(PartiesDemo demo, List<(string Workspace, string Label)> roles)
    {
        var rules = new List<(string, int, JsonObject)>();
        foreach (var (workspace, label) in roles.DistinctBy(r => r.Label))
        {
            var role = await demo.Admin.Cluster(workspace).GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
            rules.AddRange(role["rules"]!.AsArray().Select((r, i) => (label, i, r!.AsObject())));
        }

        return rules;
    }

    /// <summary>Removes rule <paramref name="index"/> of the broker's ClusterRole in each workspace, or puts the saved rules back.</summary>
    private static async Task<JsonArray> SetRuleAsync(PartiesDemo demo, List<string> workspaces, int index, bool remove, JsonArray? original = null)
    {
        JsonArray saved = [];
        foreach (var workspace in workspaces)
        {
            var role = await demo.Admin.Cluster(workspace).GetAsync(ClusterRoles, null, DemoIdentities.Broker, CancellationToken.None);
            saved = (JsonArray)role["rules"]!.DeepClone();
            var rules = remove ? (JsonArray)saved.DeepClone() : (JsonArray)original!.DeepClone();
            if (remove)
            {
                rules.RemoveAt(index);
            }

            role["rules"] = rules;
            await demo.Admin.Cluster(workspace).UpdateAsync(ClusterRoles, role, CancellationToken.None);
        }

        return saved;
    }

    private static async Task<ClusterClient> NewConsumerAsync(PartiesDemo demo, string name)
    {
        var workspace = await DemoEnvironment.SetUpSecondConsumerAsync(demo.Admin, name, CancellationToken.None);
        var client = demo.Parties[DemoIdentities.Consumer];
        await demo.Admin.Cluster(workspace.Path).CreateAsync(
            new GroupVersionResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", Namespaced: false), null, DemoIdentities.WorkspaceAdmin(DemoIdentities.Consumer), CancellationToken.None);
        return client.Cluster(workspace.Path);
    }

    private static async Task CreateCertificateAsync(ClusterClient consumer, string name)
    {
        var manifest = Broker.Core.Yaml.YamlJson.ReadDocuments(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Example, "certificate.yaml"))).Single().AsObject();
        manifest["metadata"]!["name"] = name;
        manifest["spec"]!["fqdn"] = $"{name}.internal.corp";
        await consumer.CreateAsync(Certificates, "default", manifest, CancellationToken.None);
    }

    private static async Task<JsonObject?> SecretWithinAsync(ClusterClient consumer, string name, TimeSpan timeout)
    {
        try
        {
            return await Eventually.GetAsync($"Secret {name}", () => consumer.GetOrNullAsync(Secrets, "default", name, CancellationToken.None), timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // What the Certificate told its owner while the rule was missing: Placed's reason and message (Forbidden names the permission).
    private static async Task<string?> PlacedConditionAsync(ClusterClient consumer, string name) =>
        (await consumer.GetOrNullAsync(Certificates, "default", name, CancellationToken.None))?["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Placed") is { } placed
            ? $"Placed={placed["status"]} {placed["reason"]}: {placed["message"]}"
            : null;

    private static string Describe(JsonObject rule) =>
        rule["nonResourceURLs"] is JsonArray urls
            ? string.Join(',', urls.Select(u => u!.GetValue<string>()))
            : string.Join(',', rule["apiGroups"]!.AsArray().SelectMany(g => rule["resources"]!.AsArray().Take(1).Select(r => $"{g!.GetValue<string>()}/{r!.GetValue<string>()}")));
}
