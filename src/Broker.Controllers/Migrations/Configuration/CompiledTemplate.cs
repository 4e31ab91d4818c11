using System.Text.Json.Nodes;
using Broker.Cel;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// A stage template with every <c>${...}</c> compiled. <see cref="Render"/> gives a fresh object each time: the
/// template with each templated string replaced by its value (map keys are left as written).
/// </summary>
public sealed class CompiledTemplate
{
    private readonly JsonObject _template;
    private readonly IReadOnlyList<Slot> _slots;

    private CompiledTemplate(string key, JsonObject template, IReadOnlyList<Slot> slots)
    {
        Key = key;
        _template = template;
        _slots = slots;
    }

    /// <summary>The template's key in the stage; also the CEL variable later stages see and the name suffix.</summary>
    public string Key { get; }

    /// <summary>Compiles every templated string of <paramref name="template"/>; problems are added to
    /// <paramref name="problems"/> as <c>templates.KEY.PATH: line:column: reason</c>, and then null is returned.</summary>
    public static CompiledTemplate? Compile(string key, JsonObject template, CelEnvironment environment, ICollection<string> problems)
    {
        var where = JsonPath.Member("templates", key);
        var count = problems.Count;
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (template[field] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
            {
                problems.Add($"{where}: {field} is required");
            }
        }

        var compiled = Compile(key, where, template, environment, problems);
        return problems.Count == count ? compiled : null;
    }

    /// <summary>Compiles a template that need not be a whole object (a translation's part of one); problems are named
    /// <c>WHERE.PATH: line:column: reason</c>.</summary>
    public static CompiledTemplate? Compile(string key, string where, JsonObject template, CelEnvironment environment, ICollection<string> problems)
    {
        // Collect visits every node, which materialises a lazily parsed template; its clone is then a plain tree that
        // concurrent renders (and readers of the configuration) can share.
        var count = problems.Count;
        var slots = new List<Slot>();
        Collect(template, [], "", environment, slots, problems, where);
        return problems.Count == count ? new CompiledTemplate(key, (JsonObject)template.DeepClone(), slots) : null;
    }

    /// <exception cref="TemplateRenderException">An expression evaluated to a CEL error.</exception>
    public JsonObject Render(IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var rendered = (JsonObject)_template.DeepClone();
        foreach (var slot in _slots)
        {
            JsonNode? value;
            try
            {
                value = slot.Value.Render(variables);
            }
            catch (TemplateExpressionException e)
            {
                throw new TemplateRenderException(Key, slot.Display, e);
            }

            JsonNode container = rendered;
            for (var i = 0; i < slot.Path.Count - 1; i++)
            {
                container = slot.Path[i] is int index ? container[index]! : container[(string)slot.Path[i]]!;
            }

            if (slot.Path[^1] is int last)
            {
                container.AsArray()[last] = value;
            }
            else
            {
                container.AsObject()[(string)slot.Path[^1]] = value;
            }
        }

        return rendered;
    }

    private static void Collect(
        JsonNode? node, List<object> path, string display, CelEnvironment environment, List<Slot> slots, ICollection<string> problems, string where)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    path.Add(name);
                    Collect(child, path, JsonPath.Member(display, name), environment, slots, problems, where);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(i);
                    Collect(array[i], path, JsonPath.Index(display, i), environment, slots, problems, where);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && TemplateString.IsTemplated(text):
                try
                {
                    slots.Add(new Slot([.. path], display, InterpolatedString.Compile(text, environment)));
                }
                catch (TemplateSyntaxException e)
                {
                    problems.Add($"{JsonPath.Join(where, display)}: {e.Message}");
                }
                catch (TemplateExpressionException e)
                {
                    problems.Add($"{JsonPath.Join(where, display)}: {e.Message} (in ${{{e.Expression.ReplaceLineEndings("\\n")}}})"); // one line, as every problem
                }

                break;
        }
    }

    private sealed record Slot(IReadOnlyList<object> Path, string Display, InterpolatedString Value);
}
