using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Broker.Controllers.Translations;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Core.Yaml;

namespace Broker.Benchmarks.Translation;

/// <summary>
/// Issue 20: the CPU a translation adds per object. What the broker does for a translated copy beyond an untranslated
/// one: render <c>toProvider</c> (the VendorCertificate of the demo's vendor-ca) once per placement pass that syncs the
/// copy, and map the provider's status back through <c>fromProvider</c> once per pass that reads it. The baseline is the
/// same pass without a translation (the consumer object is the copy, the copy is what the consumer sees).
/// Run: dotnet run -c Release --project test/Broker.Benchmarks -- --filter '*TranslationBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private static readonly ProviderReference Untranslated = new() { Cluster = "c", AcceptApi = new NamespacedName { Name = "a" }, ApiExportName = "certificates" };

    private ICompiledTranslation _translation = null!;
    private ProviderReference _translated = null!;
    private JsonObject _certificate = null!;
    private JsonObject _vendorCertificate = null!;

    [GlobalSetup]
    public void Setup()
    {
        var yaml = File.ReadAllText(Path.Combine(Broker.Testing.RepositoryRoot.Path, "examples", "kcp-certs", "vendor-ca", "acceptapi.yaml"));
        var acceptApi = YamlJson.ReadDocuments(yaml)[0].Deserialize(BrokerJsonContext.Default.AcceptApi)!;
        _translation = AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity("vendor"), translations: new TranslationCompiler()).Compiled!.Translation!;
        _translated = Untranslated with { TranslatedTo = _translation.Target, ApiExportName = "vendor-certificates" };
        _certificate = JsonNode.Parse("""
            {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate",
             "metadata":{"name":"shop","namespace":"default","uid":"3f1c","resourceVersion":"42","generation":1,"labels":{"team":"shop"},"finalizers":["broker.platform-mesh.io/consumer"]},
             "spec":{"fqdn":"shop.vendor.example"}}
            """)!.AsObject();
        _vendorCertificate = JsonNode.Parse("""
            {"apiVersion":"vendor.example.com/v1alpha1","kind":"VendorCertificate",
             "metadata":{"name":"shop","namespace":"default","uid":"9a2b","resourceVersion":"43","generation":1},
             "spec":{"commonName":"shop.vendor.example","dnsNames":["shop.vendor.example"]},
             "status":{"phase":"Issued","secretName":"shop","message":"certificate for shop.vendor.example issued by vendor-ca",
                       "conditions":[{"type":"Ready","status":"True","reason":"Issued","message":"issued","lastTransitionTime":"2026-12-06T12:00:00.000Z","observedGeneration":1}]}}
            """)!.AsObject();
    }

    /// <summary>An untranslated pass: the consumer object is written as it is, the copy read as it is.</summary>
    [Benchmark(Baseline = true)]
    public JsonObject? Untranslated_Pass()
    {
        _ = TranslatedCopies.Desired(_certificate, Untranslated, null);
        return TranslatedCopies.AsConsumerSees(_certificate, Untranslated, null);
    }

    /// <summary>toProvider: the VendorCertificate built from the Certificate.</summary>
    [Benchmark]
    public JsonObject ToProvider() => TranslatedCopies.Desired(_certificate, _translated, _translation);

    /// <summary>fromProvider: the Certificate's status (status, relatedResources.secret) from the VendorCertificate.</summary>
    [Benchmark]
    public JsonObject? FromProvider() => TranslatedCopies.AsConsumerSees(_vendorCertificate, _translated, _translation);

    /// <summary>A translated pass: both.</summary>
    [Benchmark]
    public JsonObject? Translated_Pass()
    {
        _ = TranslatedCopies.Desired(_certificate, _translated, _translation);
        return TranslatedCopies.AsConsumerSees(_vendorCertificate, _translated, _translation);
    }
}
