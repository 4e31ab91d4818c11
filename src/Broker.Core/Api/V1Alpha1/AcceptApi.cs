using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;
using Broker.Core.Api.Schema;
using k8s.Models;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>A provider's declaration: "I serve objects of this GVR that pass these filters, through my APIExport".</summary>
[Description("AcceptAPI declares which objects of a brokered API a provider accepts, and through which of its APIExports it serves them.")]
public sealed record AcceptApi : IKubernetesObject
{
    public const string Kind = "AcceptAPI";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = BrokerGroup.ApiVersion;
    [JsonPropertyName("kind")] public string ObjectKind { get; init; } = Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; init; } = new();

    [Required]
    [JsonPropertyName("spec")] public required AcceptApiSpec Spec { get; init; }

    [JsonPropertyName("status")] public AcceptApiStatus? Status { get; init; }
}

public sealed record AcceptApiSpec
{
    [Required, Description("The brokered resource this AcceptAPI accepts.")]
    [JsonPropertyName("gvr")] public required GroupVersionResource Gvr { get; init; }

    [MinLength(1), Description("The provider's own APIExport that serves the resource; bound in staging workspaces. Falls back to the annotation broker.platform-mesh.io/kcp-apiexport-name.")]
    [JsonPropertyName("apiExportName")] public string? ApiExportName { get; init; }

    [Description("Conditions an object must meet; all must hold. A field that is absent fails its filter.")]
    [JsonPropertyName("filters")] public IReadOnlyList<Filter>? Filters { get; init; }

    [MinLength(1), Description("A CEL expression over self (the object) that must also hold, e.g. self.spec.replicas <= 3 && has(self.metadata.labels.team).")]
    [JsonPropertyName("expression")] public string? Expression { get; init; }

    [Description("Preference among matching AcceptAPIs: the highest wins; ties are shared evenly by rendezvous hashing.")]
    [JsonPropertyName("priority")] public int? Priority { get; init; }

    [Description("Set when the provider serves its own API: the copy is built from the consumer object by toProvider, and its status mapped back by fromProvider.")]
    [JsonPropertyName("translation")] public Translation? Translation { get; init; }
}

public sealed record AcceptApiStatus
{
    [ListMapKeys("type"), Description("Available=True (reason ProviderReady) when the AcceptAPI is valid and its export usable.")]
    [JsonPropertyName("conditions")] public IReadOnlyList<V1Condition>? Conditions { get; init; }
}
