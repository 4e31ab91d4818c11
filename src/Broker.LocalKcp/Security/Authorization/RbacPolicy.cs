using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>The Roles, ClusterRoles and bindings of one logical cluster (or of kcp's system:admin bootstrap policy).</summary>
public sealed class RbacPolicy
{
    public const string Group = "rbac.authorization.k8s.io";
    private static readonly StorageKey RolesKey = new(Group, "roles");
    private static readonly StorageKey ClusterRolesKey = new(Group, "clusterroles");
    private static readonly StorageKey BindingsKey = new(Group, "rolebindings");
    private static readonly StorageKey ClusterBindingsKey = new(Group, "clusterrolebindings");

    private RbacPolicy(Dictionary<string, PolicyRule[]> clusterRoles, Dictionary<(string, string), PolicyRule[]> roles, List<RoleBinding> bindings)
    {
        ClusterRoles = clusterRoles;
        Roles = roles;
        Bindings = bindings;
    }

    public static RbacPolicy Empty { get; } = new([], [], []);

    public IReadOnlyDictionary<string, PolicyRule[]> ClusterRoles { get; }

    public IReadOnlyDictionary<(string Namespace, string Name), PolicyRule[]> Roles { get; }

    public IReadOnlyList<RoleBinding> Bindings { get; }

    public static bool IsRbac(StorageKey resource) => resource.Group == Group;

    public static RbacPolicy FromStore(ObjectStore store, string cluster) => FromObjects(
        store.List(ClusterRolesKey, cluster, null).Items.Select(o => o.ToJsonObject()),
        store.List(RolesKey, cluster, null).Items.Select(o => o.ToJsonObject()),
        store.List(ClusterBindingsKey, cluster, null).Items.Concat(store.List(BindingsKey, cluster, null).Items).Select(o => o.ToJsonObject()));

    public static RbacPolicy FromObjects(IEnumerable<JsonObject> clusterRoles, IEnumerable<JsonObject> roles, IEnumerable<JsonObject> bindings)
    {
        var clusterRoleRules = clusterRoles.ToDictionary(ObjectMeta.Name, Rules, StringComparer.Ordinal);
        var roleRules = roles.ToDictionary(r => (ObjectMeta.Namespace(r), ObjectMeta.Name(r)), Rules);
        var parsed = bindings.Select(Binding).OfType<RoleBinding>().ToList();
        return new RbacPolicy(clusterRoleRules, roleRules, parsed);
    }

    private static PolicyRule[] Rules(JsonObject role) =>
        [.. (role["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(PolicyRule.FromJson)];

    private static RoleBinding? Binding(JsonObject binding)
    {
        var kind = ObjectMeta.GetString(binding, "roleRef", "kind");
        var name = ObjectMeta.GetString(binding, "roleRef", "name");
        if (kind is not ("Role" or "ClusterRole") || string.IsNullOrEmpty(name))
        {
            return null;
        }

        var subjects = (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => (ObjectMeta.GetString(s, "kind") ?? "", SubjectName(s)))
            .ToList();
        return new RoleBinding(ObjectMeta.Namespace(binding), kind, name, subjects);
    }

    private static string SubjectName(JsonObject subject) =>
        ObjectMeta.GetString(subject, "kind") == "ServiceAccount"
            ? $"system:serviceaccount:{ObjectMeta.GetString(subject, "namespace")}:{ObjectMeta.GetString(subject, "name")}"
            : ObjectMeta.GetString(subject, "name") ?? "";
}
