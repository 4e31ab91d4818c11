using System.Text;
using Broker.Core.Api.Schema;
using Broker.Core.Yaml;
using Broker.Testing;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Broker.Core.Tests.Api;

public sealed class KcpManifestGeneratorTests
{
    private static readonly string ContribDir = RepositoryRoot.Combine("contrib", "kcp");

    /// <summary>Set BROKER_UPDATE_GENERATED=1 (hack/update-generated.sh) to rewrite the committed files.</summary>
    private static bool Update => Environment.GetEnvironmentVariable("BROKER_UPDATE_GENERATED") == "1";

    [Test]
    public void Generate_CommittedManifests_AreUpToDate()
    {
        var generated = KcpManifestGenerator.Generate();
        if (Update)
        {
            foreach (var stale in Directory.GetFiles(ContribDir, "api*.yaml"))
            {
                File.Delete(stale);
            }

            foreach (var (name, content) in generated)
            {
                File.WriteAllText(Path.Combine(ContribDir, name), content);
            }
        }

        var problems = new StringBuilder();
        var committed = Directory.GetFiles(ContribDir, "api*.yaml").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, content) in generated)
        {
            var path = Path.Combine(ContribDir, name);
            if (!committed.Remove(name))
            {
                problems.AppendLine($"missing: contrib/kcp/{name}");
                continue;
            }

            var diff = new InlineDiffBuilder(new Differ()).BuildDiffModel(File.ReadAllText(path), content);
            if (diff.Lines.Any(l => l.Type != ChangeType.Unchanged))
            {
                problems.AppendLine($"stale: contrib/kcp/{name} (- committed, + generated)");
                foreach (var line in diff.Lines.Where(l => l.Type != ChangeType.Unchanged).Take(40))
                {
                    problems.AppendLine((line.Type == ChangeType.Inserted ? "+ " : "- ") + line.Text);
                }
            }
        }

        foreach (var extra in committed)
        {
            problems.AppendLine($"not generated any more: contrib/kcp/{extra}");
        }

        if (problems.Length > 0)
        {
            Assert.Fail("contrib/kcp is out of date; run hack/update-generated.sh\n" + problems);
        }
    }

    [Test]
    public void Generate_AcceptApiSchema_HasValidationAndColumns()
    {
        var yaml = KcpManifestGenerator.Generate().Single(f => f.Key.StartsWith("apiresourceschema-acceptapis", StringComparison.Ordinal)).Value;
        var doc = YamlJson.ReadDocuments(yaml).Single();
        var version = doc["spec"]!["versions"]![0]!;
        var spec = version["schema"]!["properties"]!["spec"]!;

        spec["required"]!.AsArray().Select(n => (string?)n).ShouldContain("gvr");
        var filter = spec["properties"]!["filters"]!["items"]!;
        filter["required"]!.AsArray().Select(n => (string?)n).ShouldBe(["key"]);
        ((long?)filter["properties"]!["key"]!["minLength"]).ShouldBe(1);
        ((long?)filter["properties"]!["boundary"]!["properties"]!["min"]!["minimum"]).ShouldBe(0);
        filter["x-kubernetes-validations"]!.AsArray().Count.ShouldBe(1);
        version["subresources"]!["status"].ShouldNotBeNull();
        version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]).ShouldContain("Available");
        ((string?)doc["metadata"]!["name"] ?? "").ShouldMatch(@"^v[0-9a-f]{8}\.acceptapis\.broker\.platform-mesh\.io$");
    }

    [Test]
    public void Generate_CertificatesExport_ClaimsSecretsNamespacesAndEvents()
    {
        var yaml = KcpManifestGenerator.Generate()["apiexport-certificates.yaml"];
        var doc = YamlJson.ReadDocuments(yaml).Single();

        doc["spec"]!["permissionClaims"]!.AsArray().Select(c => (string?)c!["resource"]).ShouldBe(["secrets", "namespaces", "events"]);
        var schemaName = (string?)doc["spec"]!["resources"]![0]!["schema"];
        var schemaDoc = YamlJson.ReadDocuments(KcpManifestGenerator.Generate()["apiresourceschema-certificates.yaml"]).Single();
        schemaName.ShouldBe((string?)schemaDoc["metadata"]!["name"]);
    }
}
