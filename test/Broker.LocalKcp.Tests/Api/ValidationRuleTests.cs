using System.Net;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests.Api;

/// <summary>x-kubernetes-validations (CEL) on custom resources: 422 with the rule's message, transition rules on update.</summary>
public sealed class ValidationRuleTests : LocalKcpTestBase
{
    private const string Ranges = "apis/rules.example.io/v1/namespaces/default/ranges";

    [OneTimeSetUp]
    public async Task CreateCrdAsync()
    {
        var spec = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["min"] = new JsonObject { ["type"] = "integer" },
                ["max"] = new JsonObject { ["type"] = "integer" },
                ["replicas"] = new JsonObject { ["type"] = "integer" },
            },
            ["x-kubernetes-validations"] = new JsonArray(
                new JsonObject { ["rule"] = "self.min <= self.max", ["message"] = "min must not exceed max" },
                new JsonObject { ["rule"] = "!has(oldSelf.replicas) || self.replicas >= oldSelf.replicas", ["messageExpression"] = "'replicas may only grow, not shrink to ' + string(self.replicas)" }),
        };
        var crd = TestObjects.Crd("rules.example.io", "ranges", "Range");
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["spec"] = spec },
        };
        await CreateAsync(Root, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    }

    private static JsonObject Range(string name, int min, int max, int replicas) => new()
    {
        ["apiVersion"] = "rules.example.io/v1",
        ["kind"] = "Range",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["min"] = min, ["max"] = max, ["replicas"] = replicas },
    };

    [Test]
    public async Task Create_RuleViolated_Returns422WithMessage()
    {
        var (code, body) = await SendAsync(Root, HttpMethod.Post, Ranges, Range("bad", 5, 1, 1));

        code.ShouldBe((HttpStatusCode)422);
        var cause = body["details"]!["causes"]!.AsArray().Single()!;
        Str(cause, "field").ShouldBe("spec");
        Str(cause, "message")!.ShouldContain("min must not exceed max");
    }

    [Test]
    public async Task Update_TransitionRuleViolated_Returns422WithMessageExpression()
    {
        var created = await CreateAsync(Root, Ranges, Range("grow", 1, 5, 3));
        created["spec"]!["replicas"] = 2;

        var (code, body) = await SendAsync(Root, HttpMethod.Put, $"{Ranges}/grow", created);

        code.ShouldBe((HttpStatusCode)422);
        Str(body, "message")!.ShouldContain("replicas may only grow, not shrink to 2");
        created["spec"]!["replicas"] = 4;
        (await SendAsync(Root, HttpMethod.Put, $"{Ranges}/grow", created)).Code.ShouldBe(HttpStatusCode.OK);
    }
}
