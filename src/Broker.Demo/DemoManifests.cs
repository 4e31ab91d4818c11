using System.Reflection;
using System.Text.Json.Nodes;
using Broker.Core.Yaml;

namespace Broker.Demo;

/// <summary>The YAML the demo applies: contrib/kcp (schemas, exports, rbac/) and the example's AcceptAPIs, read from
/// folders when given, else from the copies embedded at build time (resource names mirror the repository paths).</summary>
internal sealed class DemoManifests(string? manifestDirectory, string? exampleDirectory)
{
    private const string ManifestPrefix = "contrib/kcp/";
    private const string ExamplePrefix = "examples/kcp-certs/";

    /// <summary>Every APIResourceSchema, then every APIExport (an export names its schemas, so they go first).</summary>
    public IReadOnlyList<JsonObject> PlatformApis() =>
        [.. Read(ManifestPrefix, manifestDirectory, "apiresourceschema-"), .. Read(ManifestPrefix, manifestDirectory, "apiexport-")];

    /// <summary>The Certificate schema and the <c>certificates</c> export, which each provider also serves itself.</summary>
    public IReadOnlyList<JsonObject> CertificateApis() =>
        [.. Read(ManifestPrefix, manifestDirectory, "apiresourceschema-certificates"), .. Read(ManifestPrefix, manifestDirectory, "apiexport-certificates")];

    /// <summary>The vendor CA's own API: its VendorCertificate schema and <c>vendor-certificates</c> export (examples/kcp-certs/vendor-ca).</summary>
    public IReadOnlyList<JsonObject> VendorApis() =>
        [.. Read(ExamplePrefix, exampleDirectory, "vendor-ca/apiresourceschema-"), .. Read(ExamplePrefix, exampleDirectory, "vendor-ca/apiexport-")];

    /// <summary><c>rbac/&lt;name&gt;.yaml</c>: a party's ClusterRole and its binding.</summary>
    public IReadOnlyList<JsonObject> Rbac(string name) => [.. Read(ManifestPrefix, manifestDirectory, $"rbac/{name}")];

    /// <summary><c>&lt;provider&gt;/acceptapi.yaml</c>.</summary>
    public JsonObject AcceptApi(string provider) =>
        Read(ExamplePrefix, exampleDirectory, provider + "/acceptapi").SingleOrDefault()
        ?? throw new FileNotFoundException($"No AcceptAPI for provider {provider}: expected {provider}/acceptapi.yaml under {exampleDirectory ?? "the built-in example"}");

    private static IEnumerable<JsonObject> Read(string prefix, string? directory, string namePrefix)
    {
        var texts = directory is null ? Embedded(prefix + namePrefix) : FromDirectory(directory, namePrefix);
        var found = false;
        foreach (var (source, text) in texts)
        {
            found = true;
            foreach (var document in YamlJson.ReadDocuments(text))
            {
                yield return document as JsonObject ?? throw new InvalidDataException($"{source}: a manifest must be a YAML mapping");
            }
        }

        if (!found)
        {
            throw new FileNotFoundException($"No manifest {namePrefix}*.yaml in {directory ?? "the built-in copies"}");
        }
    }

    private static IEnumerable<(string Source, string Text)> FromDirectory(string directory, string namePrefix)
    {
        var folder = Path.Combine(directory, Path.GetDirectoryName(namePrefix) ?? "");
        var filePrefix = Path.GetFileName(namePrefix);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(folder, filePrefix + "*.yaml").Order(StringComparer.Ordinal))
        {
            yield return (file, File.ReadAllText(file));
        }
    }

    private static IEnumerable<(string Source, string Text)> Embedded(string namePrefix)
    {
        var assembly = typeof(DemoManifests).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(namePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidDataException($"Missing embedded resource {name}");
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }
}
