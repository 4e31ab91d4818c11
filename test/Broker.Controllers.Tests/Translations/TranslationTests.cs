using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Translations;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Core.Yaml;

namespace Broker.Controllers.Tests.Translations;

/// <summary>The pure mapping: an AcceptAPI's translation compiled once, the consumer object rendered into the
/// provider's kind, the provider's status mapped back; and every way a translation can be wrong, named by field.</summary>
public sealed class TranslationTests
{
    // The demo's vendor-ca mapping.
    public const string VendorAcceptApi = """
        apiVersion: broker.platform-mesh.io/v1alpha1
        kind: AcceptAPI
        metadata: {name: vendor-certs, namespace: default}
        spec:
          gvr: {group: example.platform-mesh.io, version: v1alpha1, resource: certificates}
          apiExportName: vendor-certificates
          filters:
          - {key: spec.fqdn, suffix: vendor.example}
          translation:
            target: {group: vendor.example.com, version: v1alpha1, resource: vendorcertificates, kind: VendorCertificate}
            toProvider:
              metadata:
                labels: {vendor.example.com/tier: "${has(self.metadata.labels) && 'tier' in self.metadata.labels ? self.metadata.labels.tier : 'standard'}"}
              spec:
                commonName: "${self.spec.fqdn}"
                dnsNames: ["${self.spec.fqdn}", "www.${self.spec.fqdn}"]
            fromProvider:
              status: "${provider.status.phase == 'Issued' ? 'Available' : 'Provisioning'}"
              relatedResources:
                secret:
                  name: "${provider.status.secretName}"
                  gvk: {group: "", version: v1, kind: Secret}
        """;

    private static readonly JsonObject Certificate = JsonNode.Parse("""
        {"apiVersion": "example.platform-mesh.io/v1alpha1", "kind": "Certificate",
         "metadata": {"name": "shop", "namespace": "default", "uid": "u-1", "labels": {"tier": "gold"}},
         "spec": {"fqdn": "shop.vendor.example"}, "status": {"status": "Available"}}
        """)!.AsObject();

    [Test]
    public void ToProvider_BuildsTheProvidersKind_WithTheConsumersNameAndNamespace()
    {
        var provider = Compile(VendorAcceptApi).ToProvider(Certificate);

        provider.ToJsonString().ShouldBe(JsonNode.Parse("""
            {"apiVersion": "vendor.example.com/v1alpha1", "kind": "VendorCertificate",
             "metadata": {"name": "shop", "namespace": "default", "labels": {"vendor.example.com/tier": "gold"}},
             "spec": {"commonName": "shop.vendor.example", "dnsNames": ["shop.vendor.example", "www.shop.vendor.example"]}}
            """)!.ToJsonString());
    }

    [Test]
    public void ToProvider_IsDeterministic_AndLeavesTheConsumerUntouched()
    {
        var translation = Compile(VendorAcceptApi);
        var before = Certificate.ToJsonString();

        JsonNode.DeepEquals(translation.ToProvider(Certificate), translation.ToProvider(Certificate)).ShouldBeTrue();
        Certificate.ToJsonString().ShouldBe(before);
    }

    [Test]
    public void ToProvider_AFieldTheConsumerLacks_FailsWithTheFieldAndExpression()
    {
        var consumer = Certificate.DeepClone().AsObject();
        consumer["spec"] = new JsonObject();

        var error = Should.Throw<TranslationException>(() => Compile(VendorAcceptApi).ToProvider(consumer));

        error.Message.ShouldBe("spec.translation.toProvider.spec.commonName: ${self.spec.fqdn}: no such key: 'fqdn'");
    }

    [Test]
    public void ToProvider_ALabelThatIsNotAString_Fails()
    {
        var translation = Compile(VendorAcceptApi.Replace("\"${has(self.metadata.labels) && 'tier' in self.metadata.labels ? self.metadata.labels.tier : 'standard'}\"", "\"${1}\"", StringComparison.Ordinal));

        Should.Throw<TranslationException>(() => translation.ToProvider(Certificate)).Message
            .ShouldBe("spec.translation.toProvider.metadata.labels[\"vendor.example.com/tier\"]: must render to a string, not 1");
    }

    [Test]
    public void FromProvider_MapsThePhaseAndTheSecret()
    {
        var status = Compile(VendorAcceptApi).FromProvider(Vendor("""{"phase": "Issued", "secretName": "shop-tls"}"""));

        status!.ToJsonString().ShouldBe("""{"status":"Available","relatedResources":{"secret":{"name":"shop-tls","gvk":{"group":"","version":"v1","kind":"Secret"}}}}""");
    }

    [Test]
    public void FromProvider_LeavesOutWhatTheProviderHasNotWrittenYet()
    {
        var translation = Compile(VendorAcceptApi);

        translation.FromProvider(Vendor(null)).ShouldBeNull();
        translation.FromProvider(Vendor("""{"phase": "Pending"}"""))!.ToJsonString().ShouldBe("""{"status":"Provisioning"}""");
        translation.FromProvider(Vendor("{}"))!.ToJsonString().ShouldBe("{}");
    }

    [Test]
    public void FromProvider_AnotherCelError_Fails()
    {
        var translation = Compile(VendorAcceptApi.Replace("\"${provider.status.secretName}\"", "\"${provider.status.phase + 1}\"", StringComparison.Ordinal));

        Should.Throw<TranslationException>(() => translation.FromProvider(Vendor("""{"phase": "Issued"}""")))
            .Message.ShouldStartWith("spec.translation.fromProvider.relatedResources.secret.name: ${provider.status.phase + 1}: no matching overload");
    }

    [Test]
    public void FromProvider_Absent_MirrorsTheProvidersStatus()
    {
        var translation = Compile(VendorAcceptApi.Split("    fromProvider:")[0]);

        translation.FromProvider(Vendor("""{"status": "Available", "x": 1}"""))!.ToJsonString().ShouldBe("""{"status":"Available","x":1}""");
    }

    [TestCase("toProvider:\n      spec:\n        commonName: \"${self.spec.}\"",
        "spec.translation.toProvider.spec.commonName: 1:11: Syntax error")]
    [TestCase("toProvider:\n      spec:\n        commonName: \"${selff.spec.fqdn}\"",
        "spec.translation.toProvider.spec.commonName: 1:1: undeclared reference to 'selff'")]
    [TestCase("toProvider:\n      spec:\n        commonName: \"${provider.status}\"",
        "spec.translation.toProvider.spec.commonName: 1:1: undeclared reference to 'provider'")]
    [TestCase("toProvider:\n      kind: Other\n      spec: {}",
        "spec.translation.toProvider.kind: is set by the broker")]
    [TestCase("toProvider:\n      metadata: {name: other}\n      spec: {}",
        "spec.translation.toProvider.metadata.name: only labels and annotations are translated")]
    [TestCase("toProvider:\n      metadata: {labels: [a]}\n      spec: {}",
        "spec.translation.toProvider.metadata.labels: must be a map of strings")]
    [TestCase("toProvider:\n      spec:\n        commonName: \"${self.spec.fqdn\"",
        "spec.translation.toProvider.spec.commonName: 1:1: unterminated ${: no closing }")]
    public void InvalidToProvider_IsRejectedWithTheField(string toProvider, string problem)
    {
        var yaml = VendorAcceptApi.Split("    toProvider:")[0] + "    " + toProvider + "\n";

        Problems(yaml).ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal), string.Join("; ", Problems(yaml)));
    }

    [TestCase("status: \"${self.spec.fqdn}\"", "spec.translation.fromProvider.status: 1:1: undeclared reference to 'self'")]
    [TestCase("conditions: []", "spec.translation.fromProvider.conditions: the consumer's conditions are the broker's")]
    public void InvalidFromProvider_IsRejectedWithTheField(string field, string problem)
    {
        var yaml = VendorAcceptApi.Split("    fromProvider:")[0] + "    fromProvider:\n      " + field + "\n";

        Problems(yaml).ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal), string.Join("; ", Problems(yaml)));
    }

    [Test]
    public void TargetWithoutKindOrResource_IsRejected()
    {
        var yaml = VendorAcceptApi.Replace("resource: vendorcertificates, kind: VendorCertificate", "resource: \"\", kind: \"\"", StringComparison.Ordinal);

        Problems(yaml).ShouldBe(["spec.translation.target.resource is empty", "spec.translation.target.kind is empty"]);
    }

    [Test]
    public void EveryProblem_IsReportedAtOnce_AndTheAcceptApiIsNotCompiled()
    {
        var yaml = VendorAcceptApi
            .Replace("${self.spec.fqdn}\"\n", "${self.spec.}\"\n", StringComparison.Ordinal)
            .Replace("${provider.status.secretName}", "${nope}", StringComparison.Ordinal);

        var compilation = AcceptApiCompiler.Compile(Read(yaml), new ProviderIdentity("c1", null), translations: new TranslationCompiler());

        compilation.IsValid.ShouldBeFalse();
        compilation.Problems.Count.ShouldBe(2, compilation.Message);
        compilation.Message.ShouldContain("toProvider.spec.commonName");
        compilation.Message.ShouldContain("fromProvider.relatedResources.secret.name");
    }

    [Test]
    public void WithoutATemplateLanguage_ATranslationIsAProblem() =>
        AcceptApiCompiler.Compile(Read(VendorAcceptApi), new ProviderIdentity("c1", null)).Message
            .ShouldBe("spec.translation is set, but this broker has no template language configured");

    private static ICompiledTranslation Compile(string yaml)
    {
        var compilation = AcceptApiCompiler.Compile(Read(yaml), new ProviderIdentity("c1", "root:providers:vendor-ca"), translations: new TranslationCompiler());
        compilation.IsValid.ShouldBeTrue(compilation.Message);
        return compilation.Compiled!.Translation.ShouldNotBeNull();
    }

    private static List<string> Problems(string yaml)
    {
        var problems = new List<string>();
        new TranslationCompiler().Compile(Read(yaml).Spec.Translation!, problems).ShouldBeNull();
        return problems;
    }

    private static AcceptApi Read(string yaml) =>
        YamlJson.ReadDocuments(yaml)[0].Deserialize(BrokerJsonContext.Default.AcceptApi)!;

    private static JsonObject Vendor(string? status)
    {
        var vendor = JsonNode.Parse("""{"apiVersion": "vendor.example.com/v1alpha1", "kind": "VendorCertificate", "metadata": {"name": "shop"}, "spec": {"commonName": "shop.vendor.example"}}""")!.AsObject();
        if (status is not null)
        {
            vendor["status"] = JsonNode.Parse(status);
        }

        return vendor;
    }
}
