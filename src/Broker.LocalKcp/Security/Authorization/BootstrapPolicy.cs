using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>
/// kcp's bootstrap policy in the hidden system:admin cluster (pkg/authorization/bootstrap/policy.go plus the
/// upstream roles kcp installs there): its ClusterRoleBindings apply in every workspace, and local bindings may
/// reference its ClusterRoles. Also the objects kcp's root bootstrap writes into root (config/root/*.yaml).
/// </summary>
public static class BootstrapPolicy
{
    public const string WorkspaceAccessRole = "system:kcp:workspace:access";
    public const string ClusterAdmin = "cluster-admin";

    private static readonly string[] Read = ["get", "list", "watch"];

    public static RbacPolicy Create() => RbacPolicy.FromObjects(
        [
            ClusterRole(ClusterAdmin, PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.Urls(["*"], "*")),
            ClusterRole(WorkspaceAccessRole, PolicyRule.Urls(["access"], "/")),
            ClusterRole("system:kcp:tenancy:reader",
                PolicyRule.Resource(Read, ["tenancy.kcp.io"], ["workspaces", "workspacetypes"]),
                PolicyRule.Resource(Read, ["core.kcp.io"], ["logicalclusters"])),
            ClusterRole("system:basic-user",
                PolicyRule.Resource(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                PolicyRule.Resource(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])),
            ClusterRole("system:discovery",
                PolicyRule.Urls(["get"], "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/")),
            ClusterRole("system:public-info-viewer", PolicyRule.Urls(["get"], "/healthz", "/livez", "/readyz", "/version", "/version/")),
        ],
        [],
        [
            ClusterRoleBinding("system:kcp:admin:cluster-admin", ClusterAdmin, ("Group", UserInfo.KcpAdmin)),
            ClusterRoleBinding("system:basic-user", "system:basic-user", ("Group", UserInfo.Authenticated)),
            ClusterRoleBinding("system:discovery", "system:discovery", ("Group", UserInfo.Authenticated)),
            ClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", ("Group", UserInfo.Authenticated)),
        ]);

    /// <summary>What kcp's root bootstrap grants every authenticated user in root: entering it, reading workspaces, making a home workspace.</summary>
    public static IEnumerable<JsonObject> RootObjects() =>
    [
        ClusterRoleBinding("system:kcp:tenancy:authenticated:access", WorkspaceAccessRole, ("Group", UserInfo.Authenticated)),
        ClusterRoleBinding("system:kcp:authenticated:tenancy:reader", "system:kcp:tenancy:reader", ("Group", UserInfo.Authenticated)),
        ClusterRole("system:kcp:home-clusterworkspace-create", PolicyRule.Resource(["get", "create"], ["tenancy.kcp.io"], ["workspaces"], "~")),
        ClusterRoleBinding("system:kcp:configured-group:home-clusterworkspace-create", "system:kcp:home-clusterworkspace-create", ("Group", UserInfo.Authenticated)),
    ];

    /// <summary>The binding kcp writes into a new workspace to make its creator admin (the owner's user name only).</summary>
    public static JsonObject WorkspaceAdmin(string user) => ClusterRoleBinding("workspace-admin", ClusterAdmin, ("User", user));

    public static JsonObject ClusterRole(string name, params PolicyRule[] rules) => new()
    {
        ["apiVersion"] = $"{RbacPolicy.Group}/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
    };

    public static JsonObject ClusterRoleBinding(string name, string role, params (string Kind, string Name)[] subjects) => new()
    {
        ["apiVersion"] = $"{RbacPolicy.Group}/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = RbacPolicy.Group, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode)new JsonObject { ["kind"] = s.Kind, ["apiGroup"] = RbacPolicy.Group, ["name"] = s.Name })]),
    };
}
