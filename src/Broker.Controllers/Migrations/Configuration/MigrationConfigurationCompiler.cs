using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using k8s.Models;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// Compiles a MigrationConfiguration once, so a bad one fails fast with every problem named (stage, field, index,
/// line:column) and a good one is never parsed again per pass. Pure: no I/O.
/// </summary>
/// <remarks>
/// Scoping: a stage's preconditions and templates see <c>from</c>, <c>to</c>, <c>migration</c> and the template
/// keys of earlier stages (their objects are live while later stages run); its success conditions also see its own
/// template keys.
/// </remarks>
public static class MigrationConfigurationCompiler
{
    public static MigrationConfigurationCompilation Compile(MigrationConfiguration configuration)
    {
        var problems = new List<string>();
        var metadata = MetadataOf(configuration, problems);
        CheckKind("from", configuration.Spec?.From, problems);
        CheckKind("to", configuration.Spec?.To, problems);

        var stages = new List<CompiledStage>();
        var stageNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var environment = CelEnvironment.Create(MigrationVariables.All);
        var specified = configuration.Spec?.Stages ?? [];
        for (var i = 0; i < specified.Count; i++)
        {
            var stage = specified[i];
            var label = Label(stage?.Name, i, stageNames);
            var stageProblems = new List<string>();
            if (stage is null)
            {
                problems.Add($"{label}: is empty");
                continue;
            }

            CheckName(stage.Name, i, stageNames, stageProblems);
            var templates = stage.Templates ?? new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var key in templates.Keys)
            {
                CheckKey(key, label, keyOwners, stageProblems);
            }

            var preconditions = CompileConditions("preconditions", stage.Preconditions, environment, stageProblems);
            var compiledTemplates = new List<CompiledTemplate>();
            foreach (var (key, template) in templates)
            {
                if (template is null)
                {
                    stageProblems.Add($"{JsonPath.Member("templates", key)}: must be an object");
                }
                else if (CompiledTemplate.Compile(key, template, environment, stageProblems) is { } compiled)
                {
                    compiledTemplates.Add(compiled);
                }
            }

            var own = environment.WithVariables(templates.Keys.Where(k => !MigrationVariables.All.Contains(k, StringComparer.Ordinal)));
            var successConditions = CompileConditions("successConditions", stage.SuccessConditions, own, stageProblems);
            var timeout = ParseTimeout(stage.Timeout, stageProblems);
            if ((stage.Preconditions?.Count ?? 0) + (stage.SuccessConditions?.Count ?? 0) + templates.Count == 0)
            {
                stageProblems.Add("does nothing: give it preconditions, successConditions or templates");
            }

            problems.AddRange(stageProblems.Select(p => $"{label}: {p}"));
            stages.Add(new CompiledStage(stage.Name ?? "", preconditions, successConditions, compiledTemplates, stage.Progress ?? false, timeout));
            environment = own; // later stages see this stage's objects
        }

        return problems.Count == 0
            ? new MigrationConfigurationCompilation(new CompiledMigrationConfiguration(metadata.Name!, metadata.ResourceVersion, stages), [])
            : new MigrationConfigurationCompilation(null, problems);
    }

    // "metadata": null decodes to null; a configuration without a name cannot be told apart from another.
    private static V1ObjectMeta MetadataOf(MigrationConfiguration configuration, List<string> problems)
    {
        var metadata = configuration.Metadata ?? new V1ObjectMeta();
        if (string.IsNullOrEmpty(metadata.Name))
        {
            problems.Add("metadata.name: is required");
        }

        return metadata;
    }

    // "stage "copy"", or by index when the name is missing or repeated, so every problem points at one stage.
    private static string Label(string? name, int index, Dictionary<string, int> seen) =>
        string.IsNullOrEmpty(name) ? $"stages[{index}]"
        : seen.ContainsKey(name) ? $"stage \"{name}\" (stages[{index}])"
        : $"stage \"{name}\"";

    private static void CheckKind(string field, GroupVersionKind? gvk, List<string> problems)
    {
        if (gvk is null || string.IsNullOrEmpty(gvk.Version) || string.IsNullOrEmpty(gvk.Kind))
        {
            problems.Add($"{field}: version and kind are required");
        }
    }

    private static void CheckName(string? name, int index, Dictionary<string, int> seen, List<string> problems)
    {
        if (string.IsNullOrEmpty(name))
        {
            problems.Add("name is required");
            return;
        }

        if (!KubernetesNames.IsLabelValue(name))
        {
            problems.Add("name must be a valid label value (at most 63 characters: letters, digits, '-', '_', '.', alphanumeric at both ends): it labels the stage's objects");
        }

        if (!seen.TryAdd(name, index))
        {
            problems.Add($"name is already used by stages[{seen[name]}]");
        }
    }

    private static void CheckKey(string key, string stage, Dictionary<string, string> owners, List<string> problems)
    {
        var where = JsonPath.Member("templates", key);
        if (MigrationVariables.All.Contains(key, StringComparer.Ordinal))
        {
            problems.Add($"{where}: the key would shadow the variable {key}");
        }
        else if (!KubernetesNames.IsDnsLabel(key))
        {
            problems.Add($"{where}: the key must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters): it names the stage object");
        }
        else if (!IsCelVariable(key))
        {
            problems.Add($"{where}: the key must also be a CEL identifier (a letter, then letters and digits; not a reserved word) so that expressions can refer to its object");
        }

        if (!owners.TryAdd(key, stage))
        {
            problems.Add($"{where}: the key is already used by {owners[key]}");
        }
    }

    // Letters and digits after a letter (the key is already a DNS label), and not a word CEL reserves.
    private static bool IsCelVariable(string key)
    {
        if (!char.IsAsciiLetter(key[0]) || key.Contains('-', StringComparison.Ordinal) || key is "true" or "false" or "null")
        {
            return false;
        }

        try
        {
            CelEnvironment.Create(key).Compile(key);
            return true;
        }
        catch (CelCompileException)
        {
            return false; // a reserved word: in, if, var ...
        }
    }

    private static List<CompiledCondition> CompileConditions(string field, IReadOnlyList<string>? expressions, CelEnvironment environment, List<string> problems)
    {
        var compiled = new List<CompiledCondition>();
        for (var i = 0; i < (expressions?.Count ?? 0); i++)
        {
            var expression = expressions![i];
            if (string.IsNullOrWhiteSpace(expression))
            {
                problems.Add($"{field}[{i}]: the expression is empty");
                continue;
            }

            try
            {
                compiled.Add(new CompiledCondition(environment.Compile(expression)));
            }
            catch (CelCompileException e)
            {
                problems.Add($"{field}[{i}]: {CompileErrors.Describe(e)}");
            }
        }

        return compiled;
    }

    private static TimeSpan? ParseTimeout(string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var timeout))
        {
            problems.Add($"timeout: \"{text}\" is not a Go duration (e.g. 90s, 1m30s, 1h)");
            return null;
        }

        if (timeout <= TimeSpan.Zero)
        {
            problems.Add($"timeout: \"{text}\" must be positive");
            return null;
        }

        return timeout;
    }
}
