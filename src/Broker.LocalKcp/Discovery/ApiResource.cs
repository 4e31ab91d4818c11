using System.Text.Json.Nodes;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Discovery;

/// <summary>
/// One served version of one resource in one workspace (or virtual workspace): names for discovery,
/// scope, where its objects are stored and in which version, and the schema to validate against.
/// </summary>
public sealed record ApiResource(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    StorageKey Storage,
    string StorageVersion,
    ApiResourceOrigin Origin)
{
    public string ListKind { get; init; } = Kind + "List";

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public bool HasStatus { get; init; }

    /// <summary>OpenAPI v3 schema of the object (without the openAPIV3Schema wrapper), when known.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Printer columns (additionalPrinterColumns) of CRDs and schemas.</summary>
    public JsonArray? PrinterColumns { get; init; }

    public IVersionConverter? Converter { get; init; }

    /// <summary>When true, the resource is served read-only (the virtual workspace's apibindings).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>A create-only review (SubjectAccessReview and friends) answered at once and never stored.</summary>
    public bool IsReview { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"resource.group" as Kubernetes messages name it (just the resource for the core group).</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool NeedsConversion => !string.Equals(Version, StorageVersion, StringComparison.Ordinal);

    public IReadOnlyList<string> Verbs => IsReview ? ["create"] : ReadOnly
        ? ["get", "list", "watch"]
        : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
