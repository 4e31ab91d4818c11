using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.V1Alpha1;

/// <summary>How a provider that serves its own API maps the brokered object onto it, and its status back.</summary>
public sealed record Translation
{
    [Required, Description("The provider's own resource, served by the AcceptAPI's export: the copy in the staging workspace is of this kind.")]
    [JsonPropertyName("target")] public required TranslationTarget Target { get; init; }

    [Required, Description("The provider object as a template: spec (and other top-level fields) and metadata.labels/annotations; strings may hold ${...} CEL over self, the consumer object. Name and namespace are the consumer's.")]
    [JsonPropertyName("toProvider")] public required JsonObject ToProvider { get; init; }

    [Description("The consumer's status as a template: status.status, relatedResources and any other field; strings may hold ${...} CEL over provider, the provider object. A field whose expression reads a key the provider has not written yet is left out.")]
    [JsonPropertyName("fromProvider")] public JsonObject? FromProvider { get; init; }
}

/// <summary>The provider's resource a translation writes: group, version, plural resource and kind.</summary>
public sealed record TranslationTarget
{
    [Required, Description("API group; empty for the core group.")]
    [JsonPropertyName("group")] public required string Group { get; init; }

    [Required, MinLength(1), Description("API version, e.g. v1alpha1.")]
    [JsonPropertyName("version")] public required string Version { get; init; }

    [Required, MinLength(1), Description("Plural resource name, e.g. vendorcertificates.")]
    [JsonPropertyName("resource")] public required string Resource { get; init; }

    [Required, MinLength(1), Description("Kind, e.g. VendorCertificate.")]
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    [JsonIgnore] public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{(Group.Length == 0 ? Version : $"{Group}/{Version}")}/{Resource} ({Kind})";
}
