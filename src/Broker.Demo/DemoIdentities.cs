using System.Text.Json.Nodes;

namespace Broker.Demo;

/// <summary>
/// Who each party of the demo is: the broker, the platform's operator, each provider (its issuer and its kubeconfig
/// context) and the consumer. <see cref="DemoEnvironment.SetUpAsync"/> grants each exactly the RBAC of
/// contrib/kcp/rbac (the broker, the providers) or admin of its own workspace (the platform's operator, the consumer).
/// </summary>
public static class DemoIdentities
{
    public const string Broker = "resource-broker";
    public const string PlatformOperator = "platform-admin";
    public const string Consumer = "consumer";

    /// <summary>Every user the demo names; a provider's user is the provider's name.</summary>
    public static IReadOnlyList<string> All { get; } = [Broker, PlatformOperator, DemoEnvironment.InternalCaName, DemoEnvironment.ExternalCaName, DemoEnvironment.VendorCaName, Consumer];

    /// <summary>The user of each kubeconfig context the demo adds (platform, internal-ca, external-ca, consumer).</summary>
    public static string ForContext(string context) => context switch
    {
        "platform" => PlatformOperator,
        DemoEnvironment.ConsumerName => Consumer,
        _ => context,
    };

    /// <summary>A manifest's (Cluster)RoleBindings bound to one user instead of the subjects it ships with.</summary>
    public static JsonObject BoundTo(JsonObject manifest, string user)
    {
        if (manifest["kind"]?.GetValue<string>() is "ClusterRoleBinding" or "RoleBinding")
        {
            manifest["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = user });
        }

        return manifest;
    }

    /// <summary>A ClusterRoleBinding making <paramref name="user"/> admin of the workspace it is applied in.</summary>
    public static JsonObject WorkspaceAdmin(string user) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = $"demo-admin-{user}" },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "cluster-admin" },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = user }),
    };
}
