using System.Text.Json.Nodes;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;

namespace Broker.Controllers.Translations;

/// <summary>A translation ready to apply; renders are pure and thread-safe (each gives a fresh object).</summary>
internal sealed class CompiledTranslation(TranslationTarget target, CompiledTemplate toProvider, IReadOnlyList<(string Field, CompiledTemplate Template)> fromProvider)
    : ICompiledTranslation
{
    private const string NoSuchKey = "no such key: ";

    public TranslationTarget Target { get; } = target;

    public JsonObject ToProvider(JsonObject consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        JsonObject rendered;
        try
        {
            rendered = toProvider.Render(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [TranslationVariables.Self] = consumer });
        }
        catch (TemplateRenderException e)
        {
            throw new TranslationException($"spec.translation.toProvider.{e.Path}: ${{{e.Expression}}}: {e.Reason}", e);
        }

        var metadata = new JsonObject { ["name"] = consumer["metadata"]?["name"]?.DeepClone() };
        if ((string?)consumer["metadata"]?["namespace"] is { Length: > 0 } ns)
        {
            metadata["namespace"] = ns;
        }

        foreach (var field in new[] { "labels", "annotations" })
        {
            if (rendered["metadata"]?[field] is JsonObject map)
            {
                metadata[field] = StringMap(map, field);
            }
        }

        var provider = new JsonObject { ["apiVersion"] = Target.ApiVersion, ["kind"] = Target.Kind, ["metadata"] = metadata };
        foreach (var (key, value) in rendered)
        {
            if (key != "metadata")
            {
                provider[key] = value?.DeepClone();
            }
        }

        return provider;
    }

    public JsonObject? FromProvider(JsonObject provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider["status"] is not JsonObject status)
        {
            return null;
        }

        if (fromProvider.Count == 0)
        {
            return status.DeepClone().AsObject(); // no mapping: the provider's status as it is
        }

        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [TranslationVariables.Provider] = provider };
        var result = new JsonObject();
        foreach (var (field, template) in fromProvider)
        {
            try
            {
                result[field] = template.Render(variables)[field]?.DeepClone();
            }
            catch (TemplateRenderException e) when (e.Reason.StartsWith(NoSuchKey, StringComparison.Ordinal))
            {
                // Not written by the provider yet: the field appears once it is.
            }
            catch (TemplateRenderException e)
            {
                throw new TranslationException($"spec.translation.fromProvider.{e.Path}: ${{{e.Expression}}}: {e.Reason}", e);
            }
        }

        return result;
    }

    private static JsonObject StringMap(JsonObject map, string field)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (value is not JsonValue text || !text.TryGetValue<string>(out var s))
            {
                throw new TranslationException($"spec.translation.toProvider.metadata.{field}[\"{key}\"]: must render to a string, not {value?.ToJsonString() ?? "null"}");
            }

            result[key] = s;
        }

        return result;
    }
}
