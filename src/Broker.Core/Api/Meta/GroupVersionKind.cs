using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.Meta;

/// <summary>A kind by group and version; group "" (or "core", as upstream writes it) is the core group.</summary>
public sealed record GroupVersionKind
{
    [Required, Description("API group; empty (or \"core\") for the core group.")]
    [JsonPropertyName("group")] public required string Group { get; init; }

    [Required, MinLength(1), Description("API version, e.g. v1.")]
    [JsonPropertyName("version")] public required string Version { get; init; }

    [Required, MinLength(1), Description("Kind, e.g. Secret.")]
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>The group as the API server spells it: upstream writes "core" for the core group.</summary>
    [JsonIgnore] public string ApiGroup => Group == "core" ? "" : Group;

    [JsonIgnore] public string ApiVersion => ApiGroup.Length == 0 ? Version : $"{ApiGroup}/{Version}";

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
