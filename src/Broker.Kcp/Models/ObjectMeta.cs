using System.Text.Json.Serialization;

namespace Broker.Kcp.Models;

/// <summary>Standard object metadata; <see cref="Cluster"/> reads kcp's <c>kcp.io/cluster</c> annotation.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public long? Generation { get; init; }

    public DateTimeOffset? CreationTimestamp { get; init; }

    public DateTimeOffset? DeletionTimestamp { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }

    public IReadOnlyList<string>? Finalizers { get; init; }

    /// <summary>The logical cluster name the object lives in, never a path.</summary>
    [JsonIgnore]
    public string? Cluster => Annotations?.GetValueOrDefault(KcpAnnotations.Cluster);

    /// <summary>The canonical workspace path, where kcp maintains it.</summary>
    [JsonIgnore]
    public string? Path => Annotations?.GetValueOrDefault(KcpAnnotations.Path);
}
