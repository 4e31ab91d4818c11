using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>An object a provider made for a brokered object (e.g. the Secret of a Certificate), listed in its status.</summary>
public sealed record RelatedResource
{
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    [Required, MinLength(1)]
    [JsonPropertyName("name")] public required string Name { get; init; }

    [Required, Description("Kind of the object; group \"core\" or \"\" is the core group.")]
    [JsonPropertyName("gvk")] public required GroupVersionKind Gvk { get; init; }
}

/// <summary>Values of the provider contract's <c>.status.status</c>.</summary>
public static class ProviderStatus
{
    public const string Unknown = "Unknown";
    public const string Provisioning = "Provisioning";
    public const string Available = "Available";
    public const string Degraded = "Degraded";
    public const string Deleting = "Deleting";
    public const string Failed = "Failed";

    /// <summary>Upstream's gate: "", Unknown and Provisioning mean "not yet".</summary>
    public static bool IsSettled(string? status) => status is not (null or "" or Unknown or Provisioning);
}
