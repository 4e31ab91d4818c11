using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using k8s.Models;

namespace Broker.Core.Routing;

/// <summary>
/// Turns an AcceptAPI into typed predicates once, so routing never re-parses. Reports every problem at
/// once with the field it concerns, because the message ends up in a condition a provider reads.
/// </summary>
public static class AcceptApiCompiler
{
    public static AcceptApiCompilation Compile(AcceptApi acceptApi, ProviderIdentity provider, IExpressionCompiler? expressions = null, ITranslationCompiler? translations = null)
    {
        ArgumentNullException.ThrowIfNull(acceptApi);
        ArgumentNullException.ThrowIfNull(provider);
        var problems = new List<string>();
        var spec = acceptApi.Spec;
        var metadata = acceptApi.Metadata ?? new V1ObjectMeta(); // "metadata": null decodes to null
        if (string.IsNullOrEmpty(metadata.Name))
        {
            problems.Add("metadata.name is required");
        }

        var gvr = spec?.Gvr;
        CheckGvr(gvr, problems);

        var exportName = spec?.ApiExportName;
        if (string.IsNullOrEmpty(exportName)
            && metadata.Annotations?.TryGetValue(BrokerGroup.ApiExportNameAnnotation, out var annotated) == true)
        {
            exportName = annotated;
        }

        if (string.IsNullOrEmpty(exportName))
        {
            problems.Add($"spec.apiExportName is empty and the annotation {BrokerGroup.ApiExportNameAnnotation} is not set: the broker cannot tell which APIExport serves the objects");
        }

        var filters = new List<CompiledFilter>();
        var specFilters = spec?.Filters ?? [];
        for (var i = 0; i < specFilters.Count; i++)
        {
            if (CompileFilter(specFilters[i], $"spec.filters[{i}]", problems) is { } compiled)
            {
                filters.Add(compiled);
            }
        }

        var expression = CompileExpression(spec?.Expression, expressions, problems);
        var translation = CompileTranslation(spec?.Translation, translations, problems);

        if (problems.Count > 0)
        {
            return new AcceptApiCompilation(null, problems);
        }

        var id = new AcceptApiId(provider.Cluster, metadata.NamespaceProperty ?? "", metadata.Name!);
        var compiledApi = new CompiledAcceptApi(id, provider, GvrKey.From(gvr!.Value), exportName!, spec!.Priority ?? 0, filters, expression, translation);
        return new AcceptApiCompilation(compiledApi, []);
    }

    private static void CheckGvr(Api.Meta.GroupVersionResource? given, List<string> problems)
    {
        if (given is not { } gvr)
        {
            problems.Add("spec.gvr is required");
            return;
        }

        if (string.IsNullOrEmpty(gvr.Version))
        {
            problems.Add("spec.gvr.version is empty");
        }

        if (string.IsNullOrEmpty(gvr.Resource))
        {
            problems.Add("spec.gvr.resource is empty");
        }
    }

    private static IExpressionPredicate? CompileExpression(string? text, IExpressionCompiler? expressions, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (expressions is null)
        {
            problems.Add("spec.expression is set, but this broker has no expression language configured");
            return null;
        }

        var expression = expressions.Compile(text, out var error);
        if (expression is null)
        {
            problems.Add($"spec.expression does not compile: {error}");
        }

        return expression;
    }

    private static ICompiledTranslation? CompileTranslation(Translation? translation, ITranslationCompiler? translations, List<string> problems)
    {
        if (translation is null)
        {
            return null;
        }

        if (translations is null)
        {
            problems.Add("spec.translation is set, but this broker has no template language configured");
            return null;
        }

        return translations.Compile(translation, problems);
    }

    private static CompiledFilter? CompileFilter(Filter? filter, string field, List<string> problems)
    {
        if (filter is null)
        {
            problems.Add($"{field} is null");
            return null;
        }

        var before = problems.Count;
        if (!FilterKey.TryParse(filter.Key, out var key, out var keyError))
        {
            problems.Add($"{field}.{keyError}");
        }

        // The key beside the index, so a message reads on its own: spec.filters[0] (storage.size): boundary.min ...
        var at = string.IsNullOrEmpty(filter.Key) ? field : $"{field} ({filter.Key})";
        var hasValueIn = filter.ValueIn is { Count: > 0 };
        var hasSuffix = !string.IsNullOrEmpty(filter.Suffix);
        var min = filter.Boundary?.Min;
        var max = filter.Boundary?.Max;
        if (!hasValueIn && !hasSuffix && min is null && max is null)
        {
            problems.Add($"{at}: no criterion: set valueIn, boundary.min/max or suffix");
        }

        if (min < 0)
        {
            problems.Add($"{at}: boundary.min {min} is negative; bounds are non-negative integers");
        }

        if (max < 0)
        {
            problems.Add($"{at}: boundary.max {max} is negative; bounds are non-negative integers");
        }

        if (min > max)
        {
            problems.Add($"{at}: boundary.min {min} is greater than boundary.max {max}");
        }

        if (filter.ValueIn?.Any(v => v is null) == true)
        {
            problems.Add($"{at}: valueIn contains null");
        }

        return problems.Count == before ? new CompiledFilter(key!, filter.ValueIn, min, max, filter.Suffix) : null;
    }
}
