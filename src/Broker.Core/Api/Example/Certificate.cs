using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;
using Broker.Core.Api.Schema;
using Broker.Core.Api.V1Alpha1;
using k8s.Models;

namespace Broker.Core.Api.Example;

/// <summary>The example brokered kind: a TLS certificate for one FQDN.</summary>
[Description("Certificate asks for a TLS certificate for one FQDN; the provider that accepts it writes a kubernetes.io/tls Secret.")]
public sealed record Certificate : IKubernetesObject
{
    public const string Group = "example.platform-mesh.io";
    public const string Version = "v1alpha1";
    public const string Kind = "Certificate";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = Group + "/" + Version;
    [JsonPropertyName("kind")] public string ObjectKind { get; init; } = Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; init; } = new();

    [Required]
    [JsonPropertyName("spec")] public required CertificateSpec Spec { get; init; }

    [JsonPropertyName("status")] public CertificateStatus? Status { get; init; }
}

public sealed record CertificateSpec
{
    [Required, MinLength(1), Description("The fully qualified domain name the certificate is for.")]
    [ValidationRule("self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')", "fqdn must be a lower-case DNS name such as app.internal.corp")]
    [JsonPropertyName("fqdn")] public required string Fqdn { get; init; }
}

public sealed record CertificateStatus
{
    [Description("Provider contract: Available when ready; \"\", Unknown or Provisioning while not yet.")]
    [JsonPropertyName("status")] public string? Status { get; init; }

    [ListMapKeys("type")]
    [JsonPropertyName("conditions")] public IReadOnlyList<V1Condition>? Conditions { get; init; }

    [Description("Objects the provider made for this certificate, by key (e.g. secret).")]
    [JsonPropertyName("relatedResources")] public IReadOnlyDictionary<string, RelatedResource>? RelatedResources { get; init; }
}
