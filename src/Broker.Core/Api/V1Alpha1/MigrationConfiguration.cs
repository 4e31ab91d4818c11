using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;
using Broker.Core.Api.Schema;
using k8s.Models;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>How to move objects of one kind to another: ordered stages with CEL conditions and templates.</summary>
[Description("MigrationConfiguration says how to move objects from one GVK to another: ordered stages with CEL conditions and templates.")]
public sealed record MigrationConfiguration : IKubernetesObject
{
    public const string Kind = "MigrationConfiguration";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = BrokerGroup.ApiVersion;
    [JsonPropertyName("kind")] public string ObjectKind { get; init; } = Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; init; } = new();

    [Required]
    [JsonPropertyName("spec")] public required MigrationConfigurationSpec Spec { get; init; }

    [JsonPropertyName("status")] public MigrationConfigurationStatus? Status { get; init; }
}

public sealed record MigrationConfigurationSpec
{
    [Required]
    [JsonPropertyName("from")] public required GroupVersionKind From { get; init; }

    [Required]
    [JsonPropertyName("to")] public required GroupVersionKind To { get; init; }

    [Description("Stages run in order.")]
    [JsonPropertyName("stages")] public IReadOnlyList<MigrationStage>? Stages { get; init; }
}

public sealed record MigrationStage
{
    [Required, MinLength(1)]
    [JsonPropertyName("name")] public required string Name { get; init; }

    [Description("CEL expressions over from/to that must all hold before the stage starts.")]
    [JsonPropertyName("preconditions")] public IReadOnlyList<string>? Preconditions { get; init; }

    [Description("CEL expressions over from/to that must all hold for the stage to succeed.")]
    [JsonPropertyName("successConditions")] public IReadOnlyList<string>? SuccessConditions { get; init; }

    [PreserveUnknownFields, Description("Objects created for the stage, keyed by name; strings may use ${...} CEL interpolation.")]
    [JsonPropertyName("templates")] public IReadOnlyDictionary<string, JsonObject>? Templates { get; init; }

    [Description("After this stage the migration counts as InitialCompleted.")]
    [JsonPropertyName("progress")] public bool? Progress { get; init; }

    [Description("How long the stage may take, as a Go duration (e.g. 10m); the migration fails after it.")]
    [JsonPropertyName("timeout")] public string? Timeout { get; init; }
}

public sealed record MigrationConfigurationStatus
{
    [Description("The metadata.generation the conditions were computed from.")]
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; init; }

    [ListMapKeys("type"), Description("Valid=True (reason Compiled) when every expression and template compiles; Valid=False (reason Invalid) lists the problems, with line:column.")]
    [JsonPropertyName("conditions")] public IReadOnlyList<V1Condition>? Conditions { get; init; }
}
