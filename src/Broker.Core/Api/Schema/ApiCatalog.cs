using Broker.Core.Api.Example;
using Broker.Core.Api.V1Alpha1;

namespace Broker.Core.Api.Schema;

/// <summary>The kinds the project publishes, and the APIExports that carry them.</summary>
public static class ApiCatalog
{
    private const string Available = ".status.conditions[?(@.type==\"Available\")]";
    private const string Placed = ".status.conditions[?(@.type==\"Placed\")]";
    private const string Valid = ".status.conditions[?(@.type==\"Valid\")]";
    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp");

    public static IReadOnlyList<ResourceDefinition> Resources { get; } =
    [
        new(typeof(AcceptApi), BrokerGroup.Name, BrokerGroup.Version, AcceptApi.Kind, "acceptapis", "acceptapi", Namespaced: true,
        [
            new("Resource", "string", ".spec.gvr.resource", "The brokered resource"),
            new("Group", "string", ".spec.gvr.group"),
            new("Export", "string", ".spec.apiExportName", "The provider's APIExport"),
            new("Priority", "integer", ".spec.priority"),
            new("Available", "string", Available + ".status"),
            new("Reason", "string", Available + ".reason"),
            new("Message", "string", Available + ".message", Priority: 1),
            Age,
        ], Categories: ["broker"]),
        new(typeof(Placement), BrokerGroup.Name, BrokerGroup.Version, Placement.Kind, "placements", "placement", Namespaced: false,
        [
            new("Resource", "string", ".spec.consumer.gvr.resource"),
            new("Namespace", "string", ".spec.consumer.namespace"),
            new("Object", "string", ".spec.consumer.name"),
            new("Provider", "string", ".spec.provider.path"),
            new("Target", "string", ".spec.target.path"),
            new("Phase", "string", ".status.phase"),
            new("Consumer", "string", ".spec.consumer.cluster", "Logical cluster of the consumer workspace", Priority: 1),
            new("AcceptAPI", "string", ".spec.provider.acceptAPI.name", "The AcceptAPI that accepted the object", Priority: 1),
            new("Staging", "string", ".spec.provider.stagingWorkspace", "The staging workspace that holds the copy", Priority: 1),
            Age,
        ], Categories: ["broker"]),
        new(typeof(Migration), BrokerGroup.Name, BrokerGroup.Version, Migration.Kind, "migrations", "migration", Namespaced: true,
        [
            new("From", "string", ".spec.from.provider"),
            new("To", "string", ".spec.to.provider"),
            new("State", "string", ".status.state"),
            new("Stage", "string", ".status.stage"),
            new("Configuration", "string", ".status.configuration", "The MigrationConfiguration whose stages run", Priority: 1),
            new("From-Cluster", "string", ".spec.from.clusterName", "The staging workspace of the old copy", Priority: 1),
            new("To-Cluster", "string", ".spec.to.clusterName", "The staging workspace of the new copy", Priority: 1),
            Age,
        ], Categories: ["broker"]),
        new(typeof(MigrationConfiguration), BrokerGroup.Name, BrokerGroup.Version, MigrationConfiguration.Kind, "migrationconfigurations", "migrationconfiguration", Namespaced: true,
        [
            new("From", "string", ".spec.from.kind"),
            new("To", "string", ".spec.to.kind"),
            new("Valid", "string", Valid + ".status"),
            new("Message", "string", Valid + ".message", Priority: 1),
            Age,
        ], Categories: ["broker"]),
        new(typeof(Certificate), Certificate.Group, Certificate.Version, Certificate.Kind, "certificates", "certificate", Namespaced: true,
        [
            new("FQDN", "string", ".spec.fqdn"),
            new("Status", "string", ".status.status"),
            new("Placed", "string", Placed + ".status"),
            new("Reason", "string", Placed + ".reason"),
            new("Message", "string", Placed + ".message", Priority: 1),
            Age,
        ], ShortNames: ["cert"]),
    ];

    private static readonly IReadOnlyList<string> AllVerbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

    public static IReadOnlyList<ExportDefinition> Exports { get; } =
    [
        new("acceptapis", ["acceptapis"], []),
        new("coordination", ["placements", "migrations", "migrationconfigurations"], []),
        new("certificates", ["certificates"],
        [
            new("", "secrets", AllVerbs),
            new("", "namespaces", AllVerbs),
            new("", "events", AllVerbs),
        ]),
    ];
}
