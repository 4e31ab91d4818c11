using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Yaml;

namespace Broker.Controllers.Tests.Migrations.Configuration;

/// <summary>Every check of the compiler, each with the one-line problem an operator reads in condition Valid.</summary>
public sealed class MigrationConfigurationCompilerTests
{
    private static readonly Dictionary<string, JsonNode?> Variables = new(StringComparer.Ordinal)
    {
        ["from"] = JsonNode.Parse("""{"status": {"status": "Available"}, "spec": {"fqdn": "a.internal.corp"}}"""),
        ["to"] = JsonNode.Parse("""{"status": {"status": "Provisioning"}}"""),
        ["migration"] = JsonNode.Parse("""{"metadata": {"name": "m-1"}}"""),
        ["approval"] = JsonNode.Parse("""{"data": {"approved": "true"}}"""),
    };

    [Test]
    public void GoodConfiguration_CompilesEveryStage()
    {
        var compilation = Compile("""
            stages:
            - name: copy
              preconditions: ['from.status.status == "Available"']
              templates:
                approval: {apiVersion: v1, kind: ConfigMap, data: {fqdn: '${from.spec.fqdn}'}}
              successConditions: ['approval.data.approved == "true"']
              progress: true
              timeout: 1m30s
            - name: verify
              preconditions: ['has(approval.data)']
              successConditions: ['to.status.status == "Available"']
            """);

        compilation.Problems.ShouldBeEmpty();
        var compiled = compilation.Compiled.ShouldNotBeNull();
        (compiled.Name, compiled.ResourceVersion).ShouldBe(("certs", "7"));
        compiled.Stages.Select(s => s.Name).ShouldBe(["copy", "verify"]);
        var copy = compiled.Stages[0];
        (copy.Progress, copy.Timeout).ShouldBe((true, TimeSpan.FromSeconds(90)));
        copy.Templates.Single().Key.ShouldBe("approval");
        copy.Templates[0].Render(Variables)["data"]!["fqdn"]!.GetValue<string>().ShouldBe("a.internal.corp");
        copy.Preconditions[0].Evaluate(Variables).ShouldBe(new ConditionResult(ConditionOutcome.True, "expression \"from.status.status == \"Available\"\" is true"));
        copy.SuccessConditions[0].Evaluate(Variables).IsTrue.ShouldBeTrue();
        compiled.Stages[1].Timeout.ShouldBeNull();
        compiled.Stages[1].SuccessConditions[0].Evaluate(Variables).ShouldBe(new ConditionResult(ConditionOutcome.False, "expression \"to.status.status == \"Available\"\" is false"));
    }

    [Test]
    public void EvaluationErrors_AreResultsThatNameTheExpression()
    {
        var compiled = Compile("""
            stages:
            - name: copy
              successConditions: ['to.status.x == 1', 'to.status', '[1,2].map(x, x / 0) == []']
            """).Compiled.ShouldNotBeNull();

        compiled.Stages[0].SuccessConditions.Select(c => c.Evaluate(Variables)).ShouldBe(
        [
            new ConditionResult(ConditionOutcome.Error, "expression \"to.status.x == 1\" failed: no such key: 'x'") { Error = "no such key: 'x'" },
            new ConditionResult(ConditionOutcome.Error, "expression \"to.status\" failed: expected a bool result, got map") { Error = "expected a bool result, got map" },
            new ConditionResult(ConditionOutcome.Error, "expression \"[1,2].map(x, x / 0) == []\" failed: divide by zero") { Error = "divide by zero" },
        ]);
    }

    [TestCase("successConditions: ['fromm.status.status == 1']", "stage \"copy\": successConditions[0]: 1:1: undeclared reference to 'fromm'")]
    [TestCase("preconditions: ['true', 'from.status.status ==']", "stage \"copy\": preconditions[1]: 1:22: Syntax error: unexpected end of input")]
    [TestCase("preconditions: ['']", "stage \"copy\": preconditions[0]: the expression is empty")]
    [TestCase("templates: {job: {apiVersion: v1, kind: ConfigMap, data: {a: 'x ${to.spec.}'}}}", "stage \"copy\": templates.job.data.a: 1:9: Syntax error: expected a field name but found end of input (in ${to.spec.})")]
    [TestCase("templates: {job: {apiVersion: v1, kind: ConfigMap, data: {a: \"x ${to.spec.\\nfqdn +}\"}}}", "stage \"copy\": templates.job.data.a: 2:7: Syntax error: unexpected end of input (in ${to.spec.\\nfqdn +})")] // a line break inside ${...} is shown as \n
    [TestCase("templates: {job: {apiVersion: v1, kind: ConfigMap, data: {a: 'x ${to.spec'}}}", "stage \"copy\": templates.job.data.a: 1:3: unterminated ${: no closing }")]
    [TestCase("templates: {job: {kind: ConfigMap}}", "stage \"copy\": templates.job: apiVersion is required")]
    [TestCase("templates: {job: {apiVersion: v1, kind: ''}}", "stage \"copy\": templates.job: kind is required")]
    [TestCase("timeout: 10 minutes\n  preconditions: ['true']", "stage \"copy\": timeout: \"10 minutes\" is not a Go duration (e.g. 90s, 1m30s, 1h)")]
    [TestCase("timeout: 00:01:00\n  preconditions: ['true']", "stage \"copy\": timeout: \"00:01:00\" is not a Go duration (e.g. 90s, 1m30s, 1h)")]
    [TestCase("timeout: 0s\n  preconditions: ['true']", "stage \"copy\": timeout: \"0s\" must be positive")]
    [TestCase("progress: true", "stage \"copy\": does nothing: give it preconditions, successConditions or templates")]
    [TestCase("templates: {from: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates.from: the key would shadow the variable from")]
    [TestCase("templates: {migration: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates.migration: the key would shadow the variable migration")]
    [TestCase("templates: {Job_1: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates.Job_1: the key must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters): it names the stage object")]
    [TestCase("templates: {copy-job: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates[\"copy-job\"]: the key must also be a CEL identifier (a letter, then letters and digits; not a reserved word) so that expressions can refer to its object")]
    [TestCase("templates: {in: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates.in: the key must also be a CEL identifier (a letter, then letters and digits; not a reserved word) so that expressions can refer to its object")]
    [TestCase("templates: {null: {apiVersion: v1, kind: ConfigMap}}", "stage \"copy\": templates.null: the key must also be a CEL identifier (a letter, then letters and digits; not a reserved word) so that expressions can refer to its object")]
    public void OneStageProblem_IsOneLine(string stageFields, string problem) =>
        Compile($"stages:\n- name: copy\n  {stageFields}\n").Problems.ShouldBe([problem]);

    [Test]
    public void StageNames_MustBeGivenValidAndUnique() =>
        Compile("""
            stages:
            - {name: copy, preconditions: ['true']}
            - {name: '', preconditions: ['true']}
            - {name: copy, preconditions: ['true']}
            - {name: 'not a label', preconditions: ['true']}
            """).Problems.ShouldBe(
        [
            "stages[1]: name is required",
            "stage \"copy\" (stages[2]): name is already used by stages[0]",
            "stage \"not a label\": name must be a valid label value (at most 63 characters: letters, digits, '-', '_', '.', alphanumeric at both ends): it labels the stage's objects",
        ]);

    [Test]
    public void TemplateKeys_AreUniqueAcrossStages() =>
        Compile("""
            stages:
            - {name: copy, templates: {job: {apiVersion: batch/v1, kind: Job}}}
            - {name: verify, templates: {job: {apiVersion: batch/v1, kind: Job}}}
            """).Problems.ShouldBe(["stage \"verify\": templates.job: the key is already used by stage \"copy\""]);

    [Test]
    public void Scopes_EarlierKeysEverywhereOwnKeysOnlyInSuccessConditions() =>
        Compile("""
            stages:
            - name: copy
              preconditions: ['has(dump.status)', 'has(check.status)']
              templates:
                dump: {apiVersion: batch/v1, kind: Job, spec: {note: '${dump.metadata.name}'}}
              successConditions: ['has(dump.status)', 'has(check.status)']
            - name: verify
              preconditions: ['has(dump.status)', 'has(check.status)']
              templates:
                check: {apiVersion: batch/v1, kind: Job, spec: {note: '${dump.metadata.name}'}}
              successConditions: ['has(dump.status) && has(check.status)']
            """).Problems.ShouldBe(
        [
            "stage \"copy\": preconditions[0]: 1:5: undeclared reference to 'dump'",
            "stage \"copy\": preconditions[1]: 1:5: undeclared reference to 'check'",
            "stage \"copy\": templates.dump.spec.note: 1:1: undeclared reference to 'dump' (in ${dump.metadata.name})",
            "stage \"copy\": successConditions[1]: 1:5: undeclared reference to 'check'",
            "stage \"verify\": preconditions[1]: 1:5: undeclared reference to 'check'",
        ]);

    [Test]
    public void FromAndTo_MustNameAKind() =>
        MigrationConfigurationCompiler.Compile(Configuration("""
            {"metadata": {"name": "x"}, "spec": {"from": {"group": "", "version": "", "kind": "Secret"}, "to": {"group": "g", "version": "v1", "kind": ""}}}
            """)).Problems.ShouldBe(["from: version and kind are required", "to: version and kind are required"]);

    [Test]
    public void NoStages_IsValid() =>
        Compile("stages: []").Compiled.ShouldNotBeNull().Stages.ShouldBeEmpty();

    [TestCase("null")]
    [TestCase("""{"namespace":"x"}""")]
    public void NoMetadataOrNoName_NamedAsAProblem(string metadata) =>
        MigrationConfigurationCompiler.Compile(Configuration($$$"""
            {"metadata":{{{metadata}}},"spec":{"from":{"group":"a","version":"v1","kind":"A"},"to":{"group":"a","version":"v1","kind":"A"},
             "stages":[{"name":"s","successConditions":["true"]}]}}
            """)).Problems.ShouldBe(["metadata.name: is required"]);

    private static MigrationConfigurationCompilation Compile(string specYaml)
    {
        var json = YamlJson.ReadDocuments(specYaml).Single().AsObject();
        json["from"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["kind"] = "Certificate" };
        json["to"] = json["from"]!.DeepClone();
        return MigrationConfigurationCompiler.Compile(Configuration(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "certs", ["resourceVersion"] = "7" }, ["spec"] = json }.ToJsonString()));
    }

    private static MigrationConfiguration Configuration(string json) =>
        JsonSerializer.Deserialize(json, BrokerJsonContext.Default.MigrationConfiguration)!;
}
