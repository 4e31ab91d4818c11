using System.Text.Json.Nodes;

namespace Broker.Cel.Json;

/// <summary>Reads a variables file for <c>broker cel eval --vars</c>: a YAML or JSON mapping from
/// variable name to value, e.g. <c>self: {spec: {replicas: 2}}</c>.</summary>
public static class CelVariables
{
    /// <exception cref="FormatException">The file is not a YAML/JSON mapping.</exception>
    public static IReadOnlyDictionary<string, JsonNode?> Parse(string text)
    {
        var root = YamlToJson.Convert(text);
        if (root is not JsonObject mapping)
        {
            throw new FormatException("the variables file must be a mapping from variable name to value");
        }
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in mapping.ToList())
        {
            mapping.Remove(name);
            variables[name] = value;
        }
        return variables;
    }

    /// <exception cref="FormatException">The file is not a YAML/JSON mapping.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyDictionary<string, JsonNode?> Load(string path) => Parse(File.ReadAllText(path));
}
