using System.Text.Json.Serialization;

namespace Broker.Core.Api.Meta;

/// <summary>The subset of Kubernetes object metadata the broker reads and writes.</summary>
public sealed record ObjectMeta
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("generateName")] public string? GenerateName { get; init; }
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }
    [JsonPropertyName("uid")] public string? Uid { get; init; }
    [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; init; }
    [JsonPropertyName("generation")] public long? Generation { get; init; }
    [JsonPropertyName("creationTimestamp")] public DateTimeOffset? CreationTimestamp { get; init; }
    [JsonPropertyName("deletionTimestamp")] public DateTimeOffset? DeletionTimestamp { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("finalizers")] public IReadOnlyList<string>? Finalizers { get; init; }
    [JsonPropertyName("ownerReferences")] public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }
}
