using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Core.Yaml;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Testing.Tools;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Migrations.Configuration;

/// <summary>The broker against LocalKcp tells whoever applies a MigrationConfiguration whether it compiles: condition
/// Valid with the compiler's problems (line:column) and observedGeneration, written only when it changes.</summary>
[NonParallelizable]
public sealed class MigrationConfigurationStatusTests
{
    private static readonly GroupVersionResource Configurations = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");
    private BrokeringEnvironment _env = null!;

    private ClusterClient Platform => _env.Client.Cluster("root:platform");

    [OneTimeSetUp]
    public async Task StartAsync() => _env = await BrokeringEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _env.DisposeAsync();

    [Test]
    public async Task BadConfiguration_ValidFalseWithLineAndColumn_FixedValidTrue()
    {
        await Platform.CreateAsync(Configurations, "default", Configuration("approval", """
            - name: approve
              templates:
                approval: {kind: ConfigMap, data: {old: '${from.status.x}', new: 'to ${to.spec.fqdn'}}
              successConditions: ['approval.data.approved == "true" && fromm.status.x == 1']
            - name: approve
              timeout: 10 minutes
              preconditions: ['true']
            """), CancellationToken.None);

        var invalid = await ValidAsync("approval", "False", generation: 1);

        ((string?)invalid["reason"]).ShouldBe("Invalid");
        ((string?)invalid["message"]).ShouldBe(string.Join("; ",
            "stage \"approve\": templates.approval: apiVersion is required",
            "stage \"approve\": templates.approval.data.new: 1:4: unterminated ${: no closing }",
            "stage \"approve\": successConditions[0]: 1:37: undeclared reference to 'fromm'",
            "stage \"approve\" (stages[1]): name is already used by stages[0]",
            "stage \"approve\" (stages[1]): timeout: \"10 minutes\" is not a Go duration (e.g. 90s, 1m30s, 1h)"));

        await Platform.PatchAsync(Configurations, "default", "approval", PatchType.Merge, new JsonObject
        {
            ["spec"] = new JsonObject { ["stages"] = Stages("""
                - name: approve
                  templates:
                    approval: {apiVersion: v1, kind: ConfigMap, data: {old: '${from.status.x}', new: 'to ${to.spec.fqdn}'}}
                  successConditions: ['approval.data.approved == "true"']
                  timeout: 10m
                """) },
        }, CancellationToken.None);

        var valid = await ValidAsync("approval", "True", generation: 2);
        ((string?)valid["reason"]).ShouldBe("Compiled");
        ((string?)valid["message"]).ShouldBe("compiled: 1 stage (approve)");
    }

    [Test]
    public async Task SecondConfigurationForTheSameMove_SaysItIsUnused()
    {
        var other = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Database" };
        await Platform.CreateAsync(Configurations, "default", Configuration("db-later", "- {name: wait, preconditions: ['true']}", other), CancellationToken.None);
        (await MessageAsync("db-later", "compiled: 1 stage (wait)")).ShouldNotBeNull();

        await Platform.CreateAsync(Configurations, "default", Configuration("db-first", "- {name: wait, preconditions: ['true']}", other), CancellationToken.None);
        await MessageAsync("db-later", "compiled: 1 stage (wait); unused: default/db-first covers the same move and comes first by name");
        await MessageAsync("db-first", "compiled: 1 stage (wait)");

        await Platform.DeleteAsync(Configurations, "default", "db-first", null, CancellationToken.None);
        await MessageAsync("db-later", "compiled: 1 stage (wait)");
    }

    [Test]
    public async Task ManyProblems_MessageIsBounded()
    {
        var stages = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"- {{name: stage{i}, successConditions: ['fromm{i}.status.ready']}}"));
        await Platform.CreateAsync(Configurations, "default", Configuration("noisy", stages), CancellationToken.None);

        var message = (string)(await ValidAsync("noisy", "False", generation: 1))["message"]!;

        message.Length.ShouldBe(1024);
        message.ShouldStartWith("stage \"stage0\": successConditions[0]: 1:1: undeclared reference to 'fromm0'; stage \"stage1\": ");
        message.ShouldEndWith("...");
    }

    [Test]
    public async Task UnchangedConfiguration_IsNotWrittenAgain()
    {
        await Platform.CreateAsync(Configurations, "default", Configuration("steady", "- {name: wait, preconditions: ['true']}"), CancellationToken.None);
        await ValidAsync("steady", "True", generation: 1);
        var retries = await RetriesAsync();

        // Any status write to "steady" now fails, and a failed pass is retried (counted). A restarted broker queues the
        // configurations it listed; with one worker it reaches "steady" before "marker", created once it has synced.
        _env.Kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 500, PathContains: "/migrationconfigurations/steady/status"));
        try
        {
            await _env.StopBrokerAsync();
            _env.StartBroker(TimeSpan.FromMinutes(10));
            await EventuallyAsync(() => Task.FromResult(_env.Broker.IsReady ? "" : null), "the restarted broker to sync");
            await Platform.CreateAsync(Configurations, "default", Configuration("marker", "- {name: wait, preconditions: ['true']}"), CancellationToken.None);
            await ValidAsync("marker", "True", generation: 1);

            (await RetriesAsync()).ShouldBe(retries);
        }
        finally
        {
            _env.Kcp.Server.Faults.Clear();
        }
    }

    [Test]
    [Category("Kubectl")]
    public async Task KubectlGet_ShowsValid()
    {
        var executable = Kubectl.Find();
        if (executable is null)
        {
            Assert.Ignore("kubectl not found: set $KUBECTL or run hack/ensure-tools.sh");
        }

        await Platform.CreateAsync(Configurations, "default", Configuration("shown", "- {name: wait, preconditions: ['from.x ==']}"), CancellationToken.None);
        await ValidAsync("shown", "False", generation: 1);
        var kubectl = new Kubectl(executable!, _env.Kcp.KubeconfigPath, Path.Combine(_env.Kcp.DataDirectory, "kubectl-cache"));
        var server = $"{_env.Kcp.BaseUrl.ToString().TrimEnd('/')}/clusters/root:platform";

        var lines = (await kubectl.OkAsync("--server", server, "get", "migrationconfigurations", "shown")).TrimEnd().Split('\n');
        var wide = (await kubectl.OkAsync("--server", server, "get", "migrationconfigurations", "shown", "-o", "wide")).TrimEnd().Split('\n');

        Columns(lines[0]).ShouldBe(["NAME", "FROM", "TO", "VALID", "AGE"]);
        Columns(lines[1]).Take(4).ShouldBe(["shown", "Certificate", "Certificate", "False"]);
        Columns(wide[0]).ShouldBe(["NAME", "FROM", "TO", "VALID", "MESSAGE", "AGE"]);
        wide[1].ShouldContain("stage \"wait\": preconditions[0]: 1:10: Syntax error");
    }

    private Task<JsonObject> MessageAsync(string name, string message) => EventuallyAsync(async () =>
    {
        var c = await _env.TryGetAsync(Platform, Configurations, "default", name);
        var valid = (c?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(x => (string?)x["type"] == "Valid");
        return (string?)valid?["message"] == message ? valid : null;
    }, $"{name}: Valid with message '{message}'");

    private async Task<JsonObject> ValidAsync(string name, string status, long generation)
    {
        var obj = await EventuallyAsync(async () =>
        {
            var c = await _env.TryGetAsync(Platform, Configurations, "default", name);
            var valid = (c?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(x => (string?)x["type"] == "Valid");
            return (string?)valid?["status"] == status && (long?)c!["status"]!["observedGeneration"] == generation ? c : null;
        }, $"{name}: Valid={status} for generation {generation}");
        ((long?)obj["metadata"]!["generation"]).ShouldBe(generation);
        var condition = obj["status"]!["conditions"]!.AsArray().OfType<JsonObject>().Single(x => (string?)x["type"] == "Valid");
        ((long?)condition["observedGeneration"]).ShouldBe(generation);
        return condition;
    }

    // The configuration controller's failed passes so far (its queue's retries), as /metrics shows them.
    private async Task<double> RetriesAsync() =>
        (await _env.Metrics.ScrapeAsync()).Value("resource_broker_workqueue_retries_total", ("queue", "migrationconfigurations"))
            ?? throw new InvalidOperationException("no retries series for the migrationconfigurations queue");

    private static JsonObject Configuration(string name, string stagesYaml, JsonObject? kind = null)
    {
        var gvk = kind ?? new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        return new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "MigrationConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["from"] = gvk.DeepClone(), ["to"] = gvk.DeepClone(), ["stages"] = Stages(stagesYaml) },
        };
    }

    private static JsonNode Stages(string yaml) => YamlJson.ReadDocuments(yaml).Single();

    // kubectl pads columns with three or more spaces; single spaces only occur inside cells.
    private static List<string> Columns(string line) =>
        [.. System.Text.RegularExpressions.Regex.Split(line.Trim(), " {2,}")];
}
