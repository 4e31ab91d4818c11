using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Broker.Cel.Json;

/// <summary>YAML (a superset of JSON) to JSON nodes with YAML 1.2 core-schema scalars: plain
/// <c>true/false</c>, <c>null/~</c>, integers and floats are typed; quoted scalars are strings.</summary>
internal static partial class YamlToJson
{
    public static JsonNode? Convert(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text); // exact JSON number semantics
            }
            catch (JsonException)
            {
                // flow-style YAML that is not strict JSON: fall through
            }
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML at line {e.Start.Line}: {e.Message}", e);
        }
        return stream.Documents.Count == 0 ? null : ToNode(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToNode)]),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : throw new FormatException($"unsupported mapping key at line {key.Start.Line}");
            obj[name] = ToNode(value);
        }
        return obj;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }
        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FloatPattern();
}
