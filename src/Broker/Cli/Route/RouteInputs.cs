using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Core.Yaml;
using YamlDotNet.Core;

namespace Broker.Cli.Route;

/// <summary>Reads <c>broker route</c>'s files; every problem becomes a one-line <see cref="UsageException"/> naming the file and field.</summary>
internal static class RouteInputs
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];
    private static readonly Broker.Controllers.AcceptApis.CelExpressionCompiler Expressions = new();
    private static readonly Broker.Controllers.Translations.TranslationCompiler Translations = new();

    public static AcceptApiIndex LoadAcceptApis(IEnumerable<string> paths)
    {
        var compiled = new List<CompiledAcceptApi>();
        var seen = new Dictionary<AcceptApiId, string>();
        foreach (var file in paths.SelectMany(Expand))
        {
            var documents = ReadDocuments(file);
            for (var i = 0; i < documents.Count; i++)
            {
                if (documents[i] is not JsonObject document || (string?)document["kind"] != AcceptApi.Kind)
                {
                    continue; // folders may hold other manifests too
                }

                var where = documents.Count > 1 ? $"{file} (document {i + 1})" : file;
                var acceptApi = Deserialize(document, where);
                var name = acceptApi.Metadata?.Name ?? throw new UsageException($"{where}: AcceptAPI has no metadata.name"); // `metadata:` with nothing decodes to null
                if (acceptApi.Metadata.Annotation(BrokerGroup.KcpClusterAnnotation) is not { Length: > 0 } cluster)
                {
                    throw new UsageException($"{where}: AcceptAPI {name}: metadata.annotations[\"{BrokerGroup.KcpClusterAnnotation}\"] must name the provider's logical cluster");
                }

                var compilation = AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity(cluster, acceptApi.Metadata.Annotation(BrokerGroup.KcpPathAnnotation)), Expressions, Translations);
                if (!compilation.IsValid)
                {
                    throw new UsageException($"{where}: AcceptAPI {name}: {compilation.Message}");
                }

                if (!seen.TryAdd(compilation.Compiled!.Id, where))
                {
                    throw new UsageException($"{where}: AcceptAPI {compilation.Compiled.Id} is also defined in {seen[compilation.Compiled.Id]}");
                }

                compiled.Add(compilation.Compiled);
            }
        }

        if (compiled.Count == 0)
        {
            throw new UsageException($"no AcceptAPI found in {string.Join(", ", paths)}");
        }

        return AcceptApiIndex.Build(compiled);
    }

    public static RoutedObject LoadObject(string file)
    {
        var documents = ReadDocuments(file);
        if (documents.Count != 1 || documents[0] is not JsonObject obj)
        {
            throw new UsageException($"{file}: expected exactly one object, found {documents.Count} documents");
        }

        var apiVersion = (obj["apiVersion"] as JsonValue)?.GetValue<string>() ?? throw new UsageException($"{file}: apiVersion is missing");
        var kind = (obj["kind"] as JsonValue)?.GetValue<string>() ?? throw new UsageException($"{file}: kind is missing");
        var metadata = obj["metadata"] as JsonObject;
        var name = (metadata?["name"] as JsonValue)?.GetValue<string>() ?? throw new UsageException($"{file}: metadata.name is missing");
        if (obj["spec"] is not (null or JsonObject))
        {
            throw new UsageException($"{file}: spec must be an object");
        }

        var slash = apiVersion.LastIndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        var cluster = (metadata?["annotations"]?[BrokerGroup.KcpClusterAnnotation] as JsonValue)?.GetValue<string>() ?? "local";
        var document = JsonDocument.Parse(obj.ToJsonString());
        return new RoutedObject(file, document, new GvrKey(group, version, KindNames.Plural(kind)), kind, name, cluster);
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
        }

        return File.Exists(path) ? [path] : throw new UsageException($"{path}: no such file or folder");
    }

    private static List<JsonNode> ReadDocuments(string file)
    {
        try
        {
            return [.. YamlJson.ReadDocuments(File.ReadAllText(file))]; // JSON is YAML, so one reader serves both
        }
        catch (YamlException e)
        {
            throw new UsageException($"{file}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (IOException e)
        {
            throw new UsageException($"{file}: {e.Message}");
        }
    }

    private static AcceptApi Deserialize(JsonObject document, string where)
    {
        var name = (document["metadata"]?["name"] as JsonValue)?.ToString() ?? "(unnamed)";
        var missing = new[] { "spec", "spec.gvr", "spec.gvr.group", "spec.gvr.version", "spec.gvr.resource" }
            .FirstOrDefault(path => path.Split('.').Aggregate((JsonNode?)document, (node, key) => node?[key]) is null);
        if (missing is not null)
        {
            throw new UsageException($"{where}: AcceptAPI {name}: {missing} is required");
        }

        try
        {
            return document.Deserialize(BrokerJsonContext.Default.AcceptApi)!;
        }
        catch (JsonException e)
        {
            // The serializer's path ("$.spec.priority") names the field; its message names CLR types, which users don't need.
            var field = e.Path is { Length: > 2 } path ? path[2..] : "a field";
            throw new UsageException($"{where}: AcceptAPI {name}: {field} has the wrong type");
        }
    }
}
