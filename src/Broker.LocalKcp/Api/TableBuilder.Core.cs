using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>Kubernetes' printers for core/v1 Secrets and ConfigMaps, whose DATA column counts keys (no JSONPath
/// can), so that <c>kubectl get secrets</c> prints NAME, TYPE, DATA and AGE as on a real cluster.</summary>
public static partial class TableBuilder
{
    // Here, before the column lists that use them: static fields initialise in file order, and partial files have none.
    private static readonly Column NameColumn = new("Name", "string", "Name must be unique within a namespace.", 0, ".metadata.name");

    private static readonly Column AgeColumn = new("Age", "date", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp");

    private static readonly IReadOnlyList<Column> SecretColumns =
    [
        NameColumn,
        new("Type", "string", "Used to facilitate programmatic handling of secret data.", 0, "") { Compute = (s, _) => Text(s, "type") is { Length: > 0 } type ? type : "Opaque" },
        new("Data", "string", "Data contains the secret data.", 0, "") { Compute = (s, _) => Keys(s, "data") },
        AgeColumn,
    ];

    private static readonly IReadOnlyList<Column> ConfigMapColumns =
    [
        NameColumn,
        new("Data", "string", "Data contains the configuration data.", 0, "") { Compute = (c, _) => Keys(c, "data") + Keys(c, "binaryData") },
        AgeColumn,
    ];

    /// <summary>The columns of Kubernetes' own printer for a core resource, or null when it has none here.</summary>
    private static IReadOnlyList<Column>? CoreColumns(ApiResource resource) => resource switch
    {
        { Group: "", Plural: "events" } => EventColumns,
        { Group: "", Plural: "secrets" } => SecretColumns,
        { Group: "", Plural: "configmaps" } => ConfigMapColumns,
        _ => null,
    };

    private static long Keys(JsonObject value, string field) => value[field] is JsonObject map ? map.Count : 0;
}
