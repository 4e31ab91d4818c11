using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cel;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// A compiled template string. A string that is exactly one <c>${...}</c> renders to the expression's value with
/// its JSON type (number, bool, map, list, null); otherwise each value is formatted into the text: strings as they
/// are, scalars as CEL's <c>string()</c> spells them, maps and lists as compact JSON.
/// </summary>
public sealed class InterpolatedString
{
    // CEL's own string conversion, so "${1.5}" reads as string(1.5) would.
    private static readonly CelProgram StringOf = CelEnvironment.Create("v").Compile("string(v)");
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IReadOnlyList<(string Literal, CelProgram? Program)> _parts;

    private InterpolatedString(IReadOnlyList<(string, CelProgram?)> parts) => _parts = parts;

    /// <summary>The expressions, in order.</summary>
    public IEnumerable<string> Expressions => _parts.Where(p => p.Program is not null).Select(p => p.Program!.Expression);

    /// <summary>Parses <paramref name="text"/> and compiles its expressions in <paramref name="environment"/>.</summary>
    /// <exception cref="TemplateSyntaxException">A <c>${...}</c> that cannot be split out.</exception>
    /// <exception cref="TemplateExpressionException">An expression that does not compile.</exception>
    public static InterpolatedString Compile(string text, CelEnvironment environment)
    {
        var parts = new List<(string, CelProgram?)>();
        foreach (var segment in TemplateString.Parse(text))
        {
            if (!segment.IsExpression)
            {
                parts.Add((segment.Text, null));
                continue;
            }

            try
            {
                parts.Add(("", environment.Compile(segment.Text)));
            }
            catch (CelCompileException e)
            {
                throw new TemplateExpressionException(segment.Text, e);
            }
        }

        return new InterpolatedString(parts);
    }

    /// <exception cref="TemplateExpressionException">An expression that evaluated to a CEL error.</exception>
    public JsonNode? Render(IReadOnlyDictionary<string, JsonNode?> variables)
    {
        if (_parts is [(_, { } whole)])
        {
            return CelJson.ToJson(Evaluate(whole, variables));
        }

        var text = new StringBuilder();
        foreach (var (literal, program) in _parts)
        {
            text.Append(program is null ? literal : Format(Evaluate(program, variables)));
        }

        return JsonValue.Create(text.ToString());
    }

    private static object? Evaluate(CelProgram program, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            return program.Evaluate(variables);
        }
        catch (CelEvaluationException e)
        {
            throw new TemplateExpressionException(program.Expression, e);
        }
    }

    private static string Format(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return s;
        }

        var json = CelJson.ToJson(value);
        if (json is JsonObject or JsonArray)
        {
            return json.ToJsonString(Compact);
        }

        try
        {
            return (string)StringOf.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = value })!;
        }
        catch (CelEvaluationException)
        {
            return json?.ToJsonString(Compact) ?? "null"; // no string() overload (an optional): its JSON form
        }
    }
}
