using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;
using Broker.Core.Api.Schema;
using k8s.Models;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>
/// The broker's durable memory of one brokered object: where it is placed and where it is moving.
/// Written before any provider-side object is created, so a restarted broker never forgets a copy.
/// </summary>
[Description("Placement records where one brokered consumer object is placed. Written by the broker before it creates any provider-side copy.")]
public sealed record Placement : IKubernetesObject
{
    public const string Kind = "Placement";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = BrokerGroup.ApiVersion;
    [JsonPropertyName("kind")] public string ObjectKind { get; init; } = Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; init; } = new();

    [Required]
    [JsonPropertyName("spec")] public required PlacementSpec Spec { get; init; }

    [JsonPropertyName("status")] public PlacementStatus? Status { get; init; }
}

public sealed record PlacementSpec
{
    [Required, Description("The brokered object in the consumer's workspace.")]
    [JsonPropertyName("consumer")] public required ConsumerReference Consumer { get; init; }

    [Description("The provider currently serving the object; absent until the first copy is placed.")]
    [JsonPropertyName("provider")] public ProviderReference? Provider { get; init; }

    [Description("The provider the object is moving to; set only while a move is in progress, before its copy is created.")]
    [JsonPropertyName("target")] public ProviderReference? Target { get; init; }

    [Description("The provider the object moved away from; set at cutover until its copy is gone.")]
    [JsonPropertyName("previous")] public ProviderReference? Previous { get; init; }
}

public sealed record ConsumerReference
{
    [Required, MinLength(1), Description("Logical cluster name of the consumer workspace.")]
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    [Required, Description("The brokered resource.")]
    [JsonPropertyName("gvr")] public required GroupVersionResource Gvr { get; init; }

    [Description("Namespace of the object; empty for cluster-scoped resources.")]
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    [Required, MinLength(1)]
    [JsonPropertyName("name")] public required string Name { get; init; }

    [Description("UID of the consumer object, so a recreated object with the same name is told apart.")]
    [JsonPropertyName("uid")] public string? Uid { get; init; }
}

public sealed record ProviderReference
{
    [Required, MinLength(1), Description("Logical cluster name of the provider workspace.")]
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    [Description("Workspace path of the provider (its LogicalCluster's kcp.io/path).")]
    [JsonPropertyName("path")] public string? Path { get; init; }

    [Required, Description("The AcceptAPI that accepted the object.")]
    [JsonPropertyName("acceptAPI")] public required NamespacedName AcceptApi { get; init; }

    [Required, MinLength(1), Description("The provider's APIExport bound in the staging workspace.")]
    [JsonPropertyName("apiExportName")] public required string ApiExportName { get; init; }

    [Description("Path of the staging workspace that holds the provider-side copy.")]
    [JsonPropertyName("stagingWorkspace")] public string? StagingWorkspace { get; init; }

    [Description("The provider's own resource when the AcceptAPI translates: the copy is of this kind. Absent: the brokered resource itself.")]
    [JsonPropertyName("translatedTo")] public TranslationTarget? TranslatedTo { get; init; }
}

public sealed record NamespacedName
{
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    [Required, MinLength(1)]
    [JsonPropertyName("name")] public required string Name { get; init; }

    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}

public sealed record PlacementStatus
{
    [AllowedValues("Pending", "Placed", "Migrating", "Deleting"), Description("Pending, Placed, Migrating or Deleting.")]
    [JsonPropertyName("phase")] public string? Phase { get; init; }

    [ListMapKeys("type")]
    [JsonPropertyName("conditions")] public IReadOnlyList<V1Condition>? Conditions { get; init; }

    [Description("A move that timed out: its target cluster is not tried again until the object's generation changes.")]
    [JsonPropertyName("abandonedTarget")] public string? AbandonedTarget { get; init; }

    [Description("The object's generation when the move to abandonedTarget was given up.")]
    [JsonPropertyName("abandonedGeneration")] public long? AbandonedGeneration { get; init; }

    [Description("Why the move to abandonedTarget was given up: the failed Migration's reason, e.g. StageTimedOut.")]
    [JsonPropertyName("abandonedReason")] public string? AbandonedReason { get; init; }

    [Description("The failed Migration's message: which stage, which expression.")]
    [JsonPropertyName("abandonedMessage")] public string? AbandonedMessage { get; init; }

    [Description("The MigrationConfiguration of the abandoned move as name/resourceVersion: a changed configuration tries the move again.")]
    [JsonPropertyName("abandonedConfiguration")] public string? AbandonedConfiguration { get; init; }

    [Description("When the current move started (target recorded); the cutover timeout counts from here.")]
    [JsonPropertyName("moveStarted")] public DateTimeOffset? MoveStarted { get; init; }
}
