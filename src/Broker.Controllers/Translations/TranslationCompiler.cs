using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;

namespace Broker.Controllers.Translations;

/// <summary>
/// Compiles an AcceptAPI's <c>spec.translation</c> once per AcceptAPI version with the migration templates' <c>${...}</c>
/// engine: <c>toProvider</c> over <c>self</c>, each field of <c>fromProvider</c> over <c>provider</c>. Every problem is
/// named by its field (and line:column within a <c>${...}</c>), because it ends up in the AcceptAPI's condition.
/// </summary>
public sealed class TranslationCompiler : ITranslationCompiler
{
    private const string Where = "spec.translation";

    // Fields the broker owns on the provider object: the target names the kind, the consumer names the object.
    private static readonly string[] Reserved = ["apiVersion", "kind", "status"];
    private static readonly string[] MetadataFields = ["labels", "annotations"];

    private readonly CelEnvironment _self = CelEnvironment.Create(TranslationVariables.Self);
    private readonly CelEnvironment _provider = CelEnvironment.Create(TranslationVariables.Provider);

    public ICompiledTranslation? Compile(Core.Api.V1Alpha1.Translation translation, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(translation);
        ArgumentNullException.ThrowIfNull(problems);
        var count = problems.Count;
        CheckTarget(translation.Target, problems);
        var toProvider = CompileToProvider(translation.ToProvider, problems);
        var fromProvider = CompileFromProvider(translation.FromProvider, problems);
        return problems.Count == count ? new CompiledTranslation(translation.Target, toProvider!, fromProvider) : null;
    }

    private static void CheckTarget(TranslationTarget? target, ICollection<string> problems)
    {
        if (target is null)
        {
            problems.Add($"{Where}.target is required");
            return;
        }

        foreach (var (field, value) in new[] { ("version", target.Version), ("resource", target.Resource), ("kind", target.Kind) })
        {
            if (string.IsNullOrEmpty(value))
            {
                problems.Add($"{Where}.target.{field} is empty");
            }
        }
    }

    private CompiledTemplate? CompileToProvider(JsonObject? template, ICollection<string> problems)
    {
        const string where = Where + ".toProvider";
        if (template is null)
        {
            problems.Add($"{where} is required");
            return null;
        }

        var count = problems.Count;
        foreach (var field in Reserved.Where(template.ContainsKey))
        {
            problems.Add($"{where}.{field}: is set by the broker (the target names the kind; the provider writes the status)");
        }

        if (template["metadata"] is { } metadata)
        {
            if (metadata is not JsonObject fields)
            {
                problems.Add($"{where}.metadata: must be an object with labels and annotations");
            }
            else
            {
                foreach (var (name, value) in fields)
                {
                    if (!MetadataFields.Contains(name, StringComparer.Ordinal))
                    {
                        problems.Add($"{where}.metadata.{name}: only labels and annotations are translated (the copy keeps the consumer's name and namespace)");
                    }
                    else if (value is not (JsonObject or null))
                    {
                        problems.Add($"{where}.metadata.{name}: must be a map of strings");
                    }
                }
            }
        }

        var compiled = CompiledTemplate.Compile("toProvider", where, template, _self, problems);
        return problems.Count == count ? compiled : null;
    }

    // Each field on its own, so a field the provider has not written yet leaves out only what reads it.
    private List<(string Field, CompiledTemplate Template)> CompileFromProvider(JsonObject? template, ICollection<string> problems)
    {
        const string where = Where + ".fromProvider";
        var fields = new List<(string, CompiledTemplate)>();
        foreach (var (name, value) in template ?? [])
        {
            if (name == "conditions")
            {
                problems.Add($"{where}.conditions: the consumer's conditions are the broker's (Placed, Migrating); map the provider's readiness to status instead");
                continue;
            }

            if (CompiledTemplate.Compile("fromProvider", where, new JsonObject { [name] = value?.DeepClone() }, _provider, problems) is { } compiled)
            {
                fields.Add((name, compiled));
            }
        }

        return fields;
    }
}
