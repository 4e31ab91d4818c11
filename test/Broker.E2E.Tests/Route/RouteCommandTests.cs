using System.Text.Json.Nodes;

namespace Broker.E2E.Tests.Route;

/// <summary><c>broker route</c> end to end, as a process, on the shipped examples.</summary>
public sealed class RouteCommandTests : ScratchDirectoryTests
{
    private const string AcceptApis = "examples/routing/acceptapis";
    [Test]
    public async Task Route_InternalName_PlacesOnInternalCaAndExplainsTheOthers()
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", AcceptApis, "--object", "examples/routing/objects/certificate-internal.yaml");

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain("Decision: place on root:providers:internal-ca (cluster 2x5kq0ltf6c1pd9m) by AcceptAPI default/internal-certs, export certificates");
        stdout.ShouldContain("Summary:  1/4 providers accept: external-ca: spec.fqdn \"app.internal.corp\" lacks suffix \"corp.com\"; internal-ca: accepts; cheap-db: GVR does not match");
        stdout.ShouldMatch(@"internal-ca\s+2x5kq0ltf6c1pd9m\s+default/internal-certs \*\s+0\s+yes\s+accepts");
    }

    [Test]
    public async Task Route_Json_HasDecisionSummaryAndVerdicts()
    {
        var (exitCode, stdout, _) = await BrokerProcess.RunAsync("route", "--acceptapis", AcceptApis, "--object", "examples/routing/objects/database-production.yaml", "-o", "json");

        exitCode.ShouldBe(0);
        var json = JsonNode.Parse(stdout)!;
        ((string?)json["decision"]!["outcome"]).ShouldBe("NoProvider");
        json["decision"]!["providerCluster"].ShouldBeNull();
        ((string?)json["summary"]).ShouldBe("0/4 providers accept: cheap-db: metadata.labels.environment \"production\" not in [\"dev\", \"staging\"]; enterprise-db: spec.storage.size 2000 above maximum 1000; external-ca: GVR does not match; internal-ca: GVR does not match");
        var verdict = json["verdicts"]!.AsArray().Single(v => (string?)v!["acceptAPI"] == "default/enterprise-postgres")!;
        ((string?)verdict["providerCluster"]).ShouldBe("4enterprisedb00b");
        ((bool?)verdict["matched"]).ShouldBe(false);
        ((string?)verdict["reason"]).ShouldBe("spec.storage.size 2000 above maximum 1000");
    }

    [Test]
    public async Task Route_CurrentProviderStillMatches_Stays()
    {
        var (_, stdout, _) = await BrokerProcess.RunAsync("route", "--acceptapis", AcceptApis, "--object", "examples/routing/objects/certificate-external.yaml", "--current-provider", "1b7wz3hd0c8n4rqe", "-o", "json");

        var decision = JsonNode.Parse(stdout)!["decision"]!;
        ((string?)decision["outcome"]).ShouldBe("Stay");
        ((string?)decision["acceptAPI"]).ShouldBe("default/external-certs");
    }

    [Test]
    public async Task Route_CurrentProviderNoLongerMatches_Moves()
    {
        var (_, stdout, _) = await BrokerProcess.RunAsync("route", "--acceptapis", AcceptApis, "--object", "examples/routing/objects/certificate-external.yaml", "--current-provider", "2x5kq0ltf6c1pd9m", "-o", "json");

        var decision = JsonNode.Parse(stdout)!["decision"]!;
        ((string?)decision["outcome"]).ShouldBe("Move");
        ((string?)decision["providerPath"]).ShouldBe("root:providers:external-ca");
    }

    [Test]
    public async Task Route_InvalidFilter_ExitsTwoNamingFileAndField()
    {
        var file = Write("bad.yaml", """
            apiVersion: broker.platform-mesh.io/v1alpha1
            kind: AcceptAPI
            metadata: {name: broken, annotations: {kcp.io/cluster: abc}}
            spec:
              gvr: {group: example.platform-mesh.io, version: v1alpha1, resource: certificates}
              apiExportName: certificates
              filters:
              - key: size
                boundary: {min: 10, max: 5}
            """);

        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-internal.yaml");

        exitCode.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe($"broker route: {file}: AcceptAPI broken: spec.filters[0] (size): boundary.min 10 is greater than boundary.max 5");
    }

    [TestCase("metadata:", "AcceptAPI has no metadata.name")]
    [TestCase("metadata: {namespace: default}", "AcceptAPI has no metadata.name")]
    public async Task Route_AcceptApiWithoutName_ExitsTwoSayingSo(string metadata, string expected)
    {
        var file = Write("nameless.yaml", $$"""
            apiVersion: broker.platform-mesh.io/v1alpha1
            kind: AcceptAPI
            {{metadata}}
            spec:
              gvr: {group: example.platform-mesh.io, version: v1alpha1, resource: certificates}
              apiExportName: certificates
            """);

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-internal.yaml");

        exitCode.ShouldBe(2);
        stderr.Trim().ShouldBe($"broker route: {file}: {expected}");
    }

    [Test]
    public async Task Route_AcceptApiWithCelExpression_MustHoldBesideFilters()
    {
        var file = Write("cel.yaml", """
            apiVersion: broker.platform-mesh.io/v1alpha1
            kind: AcceptAPI
            metadata: {name: short-names, namespace: default, annotations: {kcp.io/cluster: cel1, kcp.io/path: "root:providers:cel-ca"}}
            spec:
              gvr: {group: example.platform-mesh.io, version: v1alpha1, resource: certificates}
              apiExportName: certificates
              expression: "size(self.spec.fqdn) < 12 && self.metadata.name.startsWith('a')"
            """);

        var (_, accepted, _) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-internal.yaml", "-o", "json");
        var (_, refused, _) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-external.yaml", "-o", "json");

        ((string?)JsonNode.Parse(refused)!["verdicts"]![0]!["reason"]).ShouldBe("expression \"size(self.spec.fqdn) < 12 && self.metadata.name.startsWith('a')\" is false");
        ((string?)JsonNode.Parse(accepted)!["decision"]!["outcome"]).ShouldBe("NoProvider"); // app.internal.corp is 17 characters
    }

    [Test]
    public async Task Route_AcceptApiWithBrokenCelExpression_ExitsTwoWithCompilerMessage()
    {
        var file = Write("cel.yaml", """
            apiVersion: broker.platform-mesh.io/v1alpha1
            kind: AcceptAPI
            metadata: {name: broken, annotations: {kcp.io/cluster: cel1}}
            spec:
              gvr: {group: example.platform-mesh.io, version: v1alpha1, resource: certificates}
              apiExportName: certificates
              expression: "self.spec.fqdn.endsWith("
            """);

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-internal.yaml");

        exitCode.ShouldBe(2);
        stderr.ShouldStartWith($"broker route: {file}: AcceptAPI broken: spec.expression does not compile: ");
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
    }

    [TestCase("spec: [", "line 2, column 1: While parsing a node")]
    [TestCase("apiVersion: broker.platform-mesh.io/v1alpha1\nkind: AcceptAPI\nmetadata: {name: x, annotations: {kcp.io/cluster: c}}\nspec: {gvr: {group: g, version: v1}}", "AcceptAPI x: spec.gvr.resource is required")]
    [TestCase("apiVersion: broker.platform-mesh.io/v1alpha1\nkind: AcceptAPI\nmetadata: {name: x, annotations: {kcp.io/cluster: c}}\nspec: {gvr: {group: g, version: v1, resource: r}, apiExportName: e, priority: high}", "AcceptAPI x: spec.priority has the wrong type")]
    [TestCase("apiVersion: broker.platform-mesh.io/v1alpha1\nkind: AcceptAPI\nmetadata: {name: x}\nspec: {gvr: {group: g, version: v1, resource: r}, apiExportName: e}", "AcceptAPI x: metadata.annotations[\"kcp.io/cluster\"] must name the provider's logical cluster")]
    [TestCase("kind: ConfigMap", "no AcceptAPI found in")]
    public async Task Route_MalformedAcceptApiFile_ExitsTwoWithOneLine(string content, string expected)
    {
        var file = Write("input.yaml", content);

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", "examples/routing/objects/certificate-internal.yaml");

        exitCode.ShouldBe(2);
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
        stderr.ShouldContain(expected);
    }

    [Test]
    public async Task Route_ObjectWithoutName_ExitsTwo()
    {
        var file = Write("object.yaml", "apiVersion: example.platform-mesh.io/v1alpha1\nkind: Certificate\nspec: {fqdn: a}");

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", AcceptApis, "--object", file);

        exitCode.ShouldBe(2);
        stderr.Trim().ShouldBe($"broker route: {file}: metadata.name is missing");
    }

    [Test]
    public async Task Route_MissingRequiredOption_ExitsTwo()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--object", "x.yaml");

        exitCode.ShouldBe(2);
        stderr.ShouldContain("--acceptapis");
    }

    [Test]
    public async Task Help_ListsCommands()
    {
        var (exitCode, stdout, _) = await BrokerProcess.RunAsync("--help");

        exitCode.ShouldBe(0);
        stdout.ShouldContain("route");
        stdout.ShouldContain("local");
        stdout.ShouldContain("cel");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, content);
        return path;
    }
}
