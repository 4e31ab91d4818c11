namespace Broker.LocalKcp.Security.Authorization;

/// <summary>
/// The rules one user holds in one logical cluster: cluster-wide (from ClusterRoleBindings there and in the
/// bootstrap policy) and per namespace (from RoleBindings). Computed once per user and cluster, then cached.
/// </summary>
public sealed class UserRules(PolicyRule[] clusterWide, IReadOnlyDictionary<string, PolicyRule[]> byNamespace)
{
    private static readonly RequestAttributes WorkspaceAccess = RequestAttributes.ForPath("access", "/");

    public PolicyRule[] ClusterWide { get; } = clusterWide;

    public IReadOnlyDictionary<string, PolicyRule[]> ByNamespace { get; } = byNamespace;

    /// <summary>kcp's workspace content gate: verb access on "/" from ClusterRoleBindings (RoleBindings cannot grant it).</summary>
    public bool MayEnter { get; } = Any(clusterWide, WorkspaceAccess);

    public static UserRules For(UserInfo user, RbacPolicy local, RbacPolicy bootstrap)
    {
        var clusterWide = new List<PolicyRule>();
        foreach (var binding in bootstrap.Bindings)
        {
            if (binding.Namespace.Length == 0 && binding.Binds(user) && bootstrap.ClusterRoles.TryGetValue(binding.RoleName, out var rules))
            {
                clusterWide.AddRange(rules);
            }
        }

        var byNamespace = new Dictionary<string, List<PolicyRule>>(StringComparer.Ordinal);
        foreach (var binding in local.Bindings)
        {
            if (!binding.Binds(user) || Resolve(binding, local, bootstrap) is not { } rules)
            {
                continue;
            }

            if (binding.Namespace.Length == 0)
            {
                clusterWide.AddRange(rules);
            }
            else
            {
                // A RoleBinding grants resource rules inside its namespace only.
                var list = byNamespace.TryGetValue(binding.Namespace, out var existing) ? existing : byNamespace[binding.Namespace] = [];
                list.AddRange(rules.Where(r => r.IsResourceRule));
            }
        }

        return new UserRules([.. clusterWide], byNamespace.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    public bool Allows(in RequestAttributes request) =>
        Any(ClusterWide, request)
        || (request.IsResourceRequest && request.Namespace.Length > 0 && ByNamespace.TryGetValue(request.Namespace, out var rules) && Any(rules, request));

    private static PolicyRule[]? Resolve(RoleBinding binding, RbacPolicy local, RbacPolicy bootstrap)
    {
        if (binding.RoleKind == "Role")
        {
            // A RoleBinding's Role lives in the binding's namespace; a ClusterRoleBinding cannot reference a Role.
            return binding.Namespace.Length > 0 && local.Roles.TryGetValue((binding.Namespace, binding.RoleName), out var role) ? role : null;
        }

        // kcp's local authorizer falls back to system:admin's ClusterRoles (cluster-admin, system:kcp:workspace:access, ...).
        return local.ClusterRoles.TryGetValue(binding.RoleName, out var rules) || bootstrap.ClusterRoles.TryGetValue(binding.RoleName, out rules) ? rules : null;
    }

    private static bool Any(PolicyRule[] rules, in RequestAttributes request)
    {
        foreach (var rule in rules)
        {
            if (rule.Allows(request))
            {
                return true;
            }
        }

        return false;
    }
}
