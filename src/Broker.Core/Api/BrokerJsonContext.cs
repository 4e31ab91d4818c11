using System.Text.Json.Serialization;
using Broker.Core.Api.Example;
using Broker.Core.Api.V1Alpha1;

namespace Broker.Core.Api;

/// <summary>Source-generated (de)serialization for the broker's typed kinds, in Kubernetes' JSON conventions.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AcceptApi))]
[JsonSerializable(typeof(Placement))]
[JsonSerializable(typeof(Migration))]
[JsonSerializable(typeof(MigrationConfiguration))]
[JsonSerializable(typeof(Certificate))]
public sealed partial class BrokerJsonContext : JsonSerializerContext;
