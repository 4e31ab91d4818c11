using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Broker.Json.Schema;

/// <summary>
/// A Kubernetes structural OpenAPI v3 schema node, as in a CRD's or APIResourceSchema's
/// <c>openAPIV3Schema</c>. Immutable once parsed and safe to share between threads.
/// </summary>
public sealed record OpenApiSchema
{
    private static readonly IReadOnlyDictionary<string, OpenApiSchema> NoProperties = new Dictionary<string, OpenApiSchema>(StringComparer.Ordinal);

    /// <summary>object, array, string, integer, number, boolean, or null for "any" (with preserve-unknown-fields or int-or-string).</summary>
    public string? Type { get; init; }

    public bool Nullable { get; init; }

    public string? Format { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>Declared properties, in schema order.</summary>
    public IReadOnlyDictionary<string, OpenApiSchema> Properties { get; init; } = NoProperties;

    /// <summary>Schema of every member of a map (<c>additionalProperties: {...}</c>).</summary>
    public OpenApiSchema? AdditionalProperties { get; init; }

    /// <summary><c>additionalProperties: true</c>: members of any shape are kept.</summary>
    public bool AdditionalPropertiesAllowed { get; init; }

    public OpenApiSchema? Items { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Allowed values (JSON nodes, fully materialized; never mutate them).</summary>
    public IReadOnlyList<JsonNode?>? Enum { get; init; }

    public bool HasDefault { get; init; }

    /// <summary>The default (never mutate it; the defaulter copies it). Meaningful when <see cref="HasDefault"/>.</summary>
    public JsonNode? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public double? MultipleOf { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public long? MinProperties { get; init; }

    public long? MaxProperties { get; init; }

    public IReadOnlyList<OpenApiSchema> AllOf { get; init; } = [];

    public IReadOnlyList<OpenApiSchema> AnyOf { get; init; } = [];

    public IReadOnlyList<OpenApiSchema> OneOf { get; init; } = [];

    public OpenApiSchema? Not { get; init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>: unknown members are kept, not pruned.</summary>
    public bool PreserveUnknownFields { get; init; }

    /// <summary><c>x-kubernetes-embedded-resource</c>: apiVersion, kind and metadata are kept as at the root.</summary>
    public bool EmbeddedResource { get; init; }

    /// <summary><c>x-kubernetes-int-or-string</c>: an integer or a string.</summary>
    public bool IntOrString { get; init; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic, set or map.</summary>
    public string? ListType { get; init; }

    /// <summary><c>x-kubernetes-list-map-keys</c>, for list-type map.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary><c>x-kubernetes-map-type</c>: granular or atomic.</summary>
    public string? MapType { get; init; }

    /// <summary><c>x-kubernetes-validations</c>.</summary>
    public IReadOnlyList<ValidationRule> Validations { get; init; } = [];

    /// <summary>The compiled <see cref="Pattern"/>.</summary>
    internal Regex? PatternRegex { get; init; }

    internal JsonObject? Source { get; init; }

    /// <exception cref="OpenApiSchemaException">The node is not a schema this library can use; the message names the keyword.</exception>
    public static OpenApiSchema Parse(JsonNode? node) => OpenApiSchemaParser.Parse(node);

    /// <summary>A copy of the JSON this schema was parsed from.</summary>
    public JsonObject ToJson() => (JsonObject?)Source?.DeepClone() ?? [];
}
