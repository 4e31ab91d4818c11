using System.Text.Json.Nodes;
using Broker.Core.Routing;
using Broker.Core.Yaml;

namespace Broker.Cli.Route;

/// <summary>
/// <c>broker route -o yaml</c>: the object the broker would create at the provider, so a provider can try its
/// translation before applying the AcceptAPI. A comment line above it says which AcceptAPI made it and why.
/// </summary>
internal static class ProviderObjectOutput
{
    /// <summary>The AcceptAPI named by <paramref name="name"/> (<c>[namespace/]name</c>), else the decision's; null when none accepts.</summary>
    public static CompiledAcceptApi? Pick(AcceptApiIndex index, RoutingExplanation explanation, string? name)
    {
        if (name is null)
        {
            return explanation.Decision.Chosen;
        }

        var matches = index.All.Where(a => a.Id.Name == name || $"{a.Id.Namespace}/{a.Id.Name}" == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UsageException($"--acceptapi {name}: no such AcceptAPI (known: {string.Join(", ", index.All.Select(a => RouteOutput.Name(a.Id)))})"),
            _ => throw new UsageException($"--acceptapi {name}: several AcceptAPIs have that name; give namespace/name"),
        };
    }

    public static string Yaml(RoutingExplanation explanation, RoutedObject routed, CompiledAcceptApi? acceptApi)
    {
        if (acceptApi is null)
        {
            return $"# no provider accepts the object: {explanation.Summary}{Environment.NewLine}";
        }

        var consumer = JsonNode.Parse(routed.Document.RootElement.GetRawText())!.AsObject();
        JsonObject provider;
        try
        {
            provider = acceptApi.Translation?.ToProvider(consumer) ?? Untranslated(consumer);
        }
        catch (TranslationException e)
        {
            throw new UsageException($"AcceptAPI {RouteOutput.Name(acceptApi.Id)}: {e.Message}");
        }

        var matched = explanation.Verdicts.FirstOrDefault(v => v.AcceptApi == acceptApi.Id) is { Matched: false } verdict ? $" (it does not accept the object: {verdict.Reason})" : "";
        var how = acceptApi.Translation is { } translation ? $"translated to {translation.Target}" : "not translated: the copy is the object itself";
        return $"# for {acceptApi.Provider.Path ?? acceptApi.Id.ProviderCluster} by AcceptAPI {RouteOutput.Name(acceptApi.Id)}, export {acceptApi.ApiExportName}{matched}; {how}{Environment.NewLine}"
            + YamlJson.Write(provider);
    }

    // What the broker copies of an untranslated object: its kind, name, namespace, labels, annotations and content.
    private static JsonObject Untranslated(JsonObject consumer)
    {
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "labels", "annotations" })
        {
            if (consumer["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var copy = new JsonObject();
        foreach (var (key, value) in consumer)
        {
            copy[key] = key == "metadata" ? metadata : value?.DeepClone();
        }

        copy.Remove("status");
        return copy;
    }
}
