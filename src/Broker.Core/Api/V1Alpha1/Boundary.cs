using System.ComponentModel;
using System.Text.Json.Serialization;
using Broker.Core.Api.Schema;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>Inclusive integer bounds; either may be omitted.</summary>
[ValidationRule("!has(self.min) || !has(self.max) || self.min <= self.max", "boundary.min must not be greater than boundary.max")]
public sealed record Boundary
{
    [Minimum(0), Description("Inclusive minimum.")]
    [JsonPropertyName("min")] public long? Min { get; init; }

    [Minimum(0), Description("Inclusive maximum.")]
    [JsonPropertyName("max")] public long? Max { get; init; }
}
