using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;
using Broker.Core.Api.Schema;
using k8s.Models;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>One move of a brokered object from one provider to another (upstream's shape).</summary>
[Description("Migration records one move of a brokered object from one provider to another.")]
public sealed record Migration : IKubernetesObject
{
    public const string Kind = "Migration";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = BrokerGroup.ApiVersion;
    [JsonPropertyName("kind")] public string ObjectKind { get; init; } = Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; init; } = new();

    [Required]
    [JsonPropertyName("spec")] public required MigrationSpec Spec { get; init; }

    [JsonPropertyName("status")] public MigrationStatus? Status { get; init; }
}

public sealed record MigrationSpec
{
    [Required, Description("The copy being replaced.")]
    [JsonPropertyName("from")] public required MigrationRef From { get; init; }

    [Required, Description("The copy replacing it.")]
    [JsonPropertyName("to")] public required MigrationRef To { get; init; }
}

public sealed record MigrationRef
{
    [Required]
    [JsonPropertyName("gvk")] public required GroupVersionKind Gvk { get; init; }

    [Required, MinLength(1)]
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    [Required, MinLength(1), Description("The cluster that holds this copy.")]
    [JsonPropertyName("clusterName")] public required string ClusterName { get; init; }

    [Description("Workspace path of the provider serving this copy.")]
    [JsonPropertyName("provider")] public string? Provider { get; init; }
}

public sealed record MigrationStatus
{
    [AllowedValues("", "Pending", "InitialInProgress", "InitialCompleted", "CutoverInProgress", "CutoverCompleted", "Failed")]
    [JsonPropertyName("state")] public string? State { get; init; }

    [ListMapKeys("type")]
    [JsonPropertyName("conditions")] public IReadOnlyList<V1Condition>? Conditions { get; init; }

    [JsonPropertyName("id")] public string? Id { get; init; }

    [Description("The stage being run.")]
    [JsonPropertyName("stage")] public string? Stage { get; init; }

    [Description("The MigrationConfiguration whose stages this move runs; absent for a move without stages.")]
    [JsonPropertyName("configuration")] public string? Configuration { get; init; }

    [Description("The kinds of object the configuration's stages make (\"apiVersion kind\"), recorded when the first stage starts: a failed migration removes its stage objects by label even after its configuration is gone.")]
    [JsonPropertyName("stageKinds")] public IReadOnlyList<string>? StageKinds { get; init; }

    [Description("When the current stage started (its preconditions held); its timeout counts from here.")]
    [JsonPropertyName("stageStartTime")] public DateTimeOffset? StageStartTime { get; init; }

    [Description("When the migration reached CutoverCompleted or Failed; it is deleted after the broker's retention.")]
    [JsonPropertyName("completionTime")] public DateTimeOffset? CompletionTime { get; init; }

    [PreserveUnknownFields, Description("The objects of completed stages as they were when their stage succeeded, by template key: later stages read them.")]
    [JsonPropertyName("results")] public IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject>? Results { get; init; }
}

/// <summary>The states of a Migration, as upstream names them.</summary>
public static class MigrationStates
{
    public const string Unknown = "";
    public const string Pending = "Pending";
    public const string InitialInProgress = "InitialInProgress";
    public const string InitialCompleted = "InitialCompleted";
    public const string CutoverInProgress = "CutoverInProgress";
    public const string CutoverCompleted = "CutoverCompleted";
    public const string Failed = "Failed";

    /// <summary>True for a state the migration does not leave.</summary>
    public static bool IsFinished(string? state) => state is CutoverCompleted or Failed;
}
