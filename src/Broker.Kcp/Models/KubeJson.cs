using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;

namespace Broker.Kcp.Models;

/// <summary>The JSON conventions of the Kubernetes API: camelCase, nulls omitted, enums as strings, and timestamps of
/// KubernetesClient's models (DateTime) written as the package writes them (RFC 3339, UTC).</summary>
public static class KubeJson
{
    /// <summary>Options for typed models; frozen on first use, so sharing them is safe.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Converts an unstructured object into a typed record.</summary>
    public static T ToTyped<T>(JsonNode node) =>
        node.Deserialize<T>(Options) ?? throw new JsonException($"Cannot read {typeof(T).Name} from null");

    /// <summary>Converts a typed record into an unstructured object.</summary>
    public static JsonObject ToNode<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Options) as JsonObject
        ?? throw new JsonException($"{typeof(T).Name} does not serialize to a JSON object");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
