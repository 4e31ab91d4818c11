using Broker.Core.Yaml;

namespace Broker.E2E.Tests.Route;

/// <summary><c>broker route -o yaml</c>: the provider object a translating AcceptAPI makes of an object, offline.</summary>
public sealed class RouteTranslationTests : ScratchDirectoryTests
{
    private const string Object = "examples/routing/objects/certificate-vendor.yaml";
    [Test]
    public async Task Yaml_PrintsTheTranslatedProviderObject()
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync(
            "route", "--acceptapis", "examples/routing/acceptapis", "examples/routing/translating", "--object", Object, "-o", "yaml");

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldStartWith("# for root:providers:vendor-ca by AcceptAPI default/vendor-certs, export vendor-certificates; translated to vendor.example.com/v1alpha1/vendorcertificates (VendorCertificate)\n");
        YamlJson.ReadDocuments(stdout)[0].ToJsonString().ShouldBe(
            """{"apiVersion":"vendor.example.com/v1alpha1","kind":"VendorCertificate","metadata":{"name":"shop","namespace":"default"},"spec":{"commonName":"shop.vendor.example","dnsNames":["shop.vendor.example"]}}""");
    }

    [Test]
    public async Task Yaml_ForAChosenAcceptApi_ShowsItsObjectAndThatItDoesNotAccept()
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync(
            "route", "--acceptapis", "examples/routing/acceptapis", "examples/routing/translating", "--object", Object, "-o", "yaml", "--acceptapi", "internal-certs");

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldStartWith("# for root:providers:internal-ca by AcceptAPI default/internal-certs, export certificates (it does not accept the object: spec.fqdn \"shop.vendor.example\" lacks suffix \"internal.corp\"); not translated: the copy is the object itself\n");
        ((string?)YamlJson.ReadDocuments(stdout)[0]["kind"]).ShouldBe("Certificate");
    }

    [Test]
    public async Task Yaml_NoProvider_SaysWhy()
    {
        var (exitCode, stdout, _) = await BrokerProcess.RunAsync(
            "route", "--acceptapis", "examples/routing/translating", "--object", "examples/routing/objects/certificate-internal.yaml", "-o", "yaml");

        exitCode.ShouldBe(0);
        stdout.Trim().ShouldBe("# no provider accepts the object: 0/1 providers accept: vendor-ca: spec.fqdn \"app.internal.corp\" lacks suffix \"vendor.example\"");
    }

    [Test]
    public async Task InvalidTranslation_ExitsTwoNamingTheField()
    {
        var file = Write("bad.yaml", File.ReadAllText(Path.Combine(Broker.Testing.RepositoryRoot.Path, "examples/routing/translating/vendor-ca.yaml"))
            .Replace("\"${self.spec.fqdn}\"\n", "\"${self.spec.fqdn +}\"\n", StringComparison.Ordinal));

        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", file, "--object", Object, "-o", "yaml");

        exitCode.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldStartWith($"broker route: {file}: AcceptAPI vendor-certs: spec.translation.toProvider.spec.commonName: 1:");
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
    }

    [Test]
    public async Task TranslationFailingOnTheObject_ExitsTwoNamingTheExpression()
    {
        var file = Write("object.yaml", "apiVersion: example.platform-mesh.io/v1alpha1\nkind: Certificate\nmetadata: {name: x}\nspec: {}");

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", "examples/routing/translating", "--object", file, "-o", "yaml", "--acceptapi", "vendor-certs");

        exitCode.ShouldBe(2);
        stderr.Trim().ShouldBe("broker route: AcceptAPI default/vendor-certs: spec.translation.toProvider.spec.commonName: ${self.spec.fqdn}: no such key: 'fqdn'");
    }

    [Test]
    public async Task UnknownAcceptApi_ExitsTwo()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("route", "--acceptapis", "examples/routing/translating", "--object", Object, "-o", "yaml", "--acceptapi", "nope");

        exitCode.ShouldBe(2);
        stderr.Trim().ShouldBe("broker route: --acceptapi nope: no such AcceptAPI (known: default/vendor-certs)");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, content);
        return path;
    }
}
