using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.Meta;

/// <summary>A resource type by group, version and plural resource name; group "" is the core group.</summary>
public sealed record GroupVersionResource
{
    [Required, Description("API group; empty for the core group.")]
    [JsonPropertyName("group")] public required string Group { get; init; }

    [Required, MinLength(1), Description("API version, e.g. v1alpha1.")]
    [JsonPropertyName("version")] public required string Version { get; init; }

    [Required, MinLength(1), Description("Plural resource name, e.g. certificates.")]
    [JsonPropertyName("resource")] public required string Resource { get; init; }

    public override string ToString() => Group.Length == 0 ? $"{Version}/{Resource}" : $"{Group}/{Version}/{Resource}";
}
