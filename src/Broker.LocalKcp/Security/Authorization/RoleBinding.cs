namespace Broker.LocalKcp.Security.Authorization;

/// <summary>A RoleBinding (Namespace set) or ClusterRoleBinding (Namespace empty) reduced to what the evaluator needs.</summary>
public sealed record RoleBinding(string Namespace, string RoleKind, string RoleName, IReadOnlyList<(string Kind, string Name)> Subjects)
{
    /// <summary>Whether a subject names the user, one of its groups, or (as system:serviceaccount:ns:name) its service account.</summary>
    public bool Binds(UserInfo user)
    {
        foreach (var (kind, name) in Subjects)
        {
            if ((kind == "User" && name == user.Name) || (kind == "Group" && user.InGroup(name)) || (kind == "ServiceAccount" && name == user.Name))
            {
                return true;
            }
        }

        return false;
    }
}
