using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.Meta;

/// <summary>A metav1.Condition: the standard way a controller reports a state on an object.</summary>
public sealed record Condition
{
    [Required, MinLength(1), Description("Type of the condition, e.g. Available, Placed, Migrating.")]
    [JsonPropertyName("type")] public required string Type { get; init; }

    [Required, AllowedValues("True", "False", "Unknown"), Description("Status of the condition: True, False or Unknown.")]
    [JsonPropertyName("status")] public required string Status { get; init; }

    [Description("The generation of the object this condition was computed from.")]
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; init; }

    [Description("When the status last changed.")]
    [JsonPropertyName("lastTransitionTime")] public DateTimeOffset? LastTransitionTime { get; init; }

    [Description("A CamelCase machine-readable reason for the last transition.")]
    [JsonPropertyName("reason")] public string? Reason { get; init; }

    [Description("A human-readable message with details about the last transition.")]
    [JsonPropertyName("message")] public string? Message { get; init; }
}
