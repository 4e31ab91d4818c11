using System.Text.Json.Serialization;
using Broker.Core.Api.Example;
using Broker.Core.Api.V1Alpha1;
using k8s;

namespace Broker.Core.Api;

/// <summary>Source-generated (de)serialization for the broker's typed kinds, in Kubernetes' JSON conventions. Timestamps
/// in KubernetesClient's models (DateTime) go through the package's own converter, so they are RFC 3339 in UTC on the
/// wire exactly as the package writes them.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesJson.KubernetesDateTimeConverter)],
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AcceptApi))]
[JsonSerializable(typeof(Placement))]
[JsonSerializable(typeof(Migration))]
[JsonSerializable(typeof(MigrationConfiguration))]
[JsonSerializable(typeof(Certificate))]
public sealed partial class BrokerJsonContext : JsonSerializerContext;
