using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Schema;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>One condition on a field of the object; every criterion that is set must hold.</summary>
[ValidationRule("has(self.valueIn) || has(self.boundary) || has(self.suffix)", "a filter needs at least one criterion: valueIn, boundary or suffix")]
public sealed record Filter
{
    [Required, MinLength(1)]
    [Description("The field: a dotted path under .spec (fqdn, storage.size), an absolute path (spec.fqdn), or metadata.name, metadata.namespace, metadata.labels.<key>, metadata.annotations.<key>.")]
    [JsonPropertyName("key")] public required string Key { get; init; }

    [MinLength(1), Description("The value, rendered as a string, must be one of these.")]
    [JsonPropertyName("valueIn")] public IReadOnlyList<string>? ValueIn { get; init; }

    [Description("The value must be an integer within these inclusive bounds.")]
    [JsonPropertyName("boundary")] public Boundary? Boundary { get; init; }

    [MinLength(1), Description("The value, rendered as a string, must end with this suffix.")]
    [JsonPropertyName("suffix")] public string? Suffix { get; init; }
}
