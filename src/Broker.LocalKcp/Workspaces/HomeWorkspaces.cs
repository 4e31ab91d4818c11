using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;

namespace Broker.LocalKcp.Workspaces;

/// <summary>
/// kcp's home workspaces: <c>GET /clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/~</c> answers with the
/// caller's home, made on first use (a logical cluster named after a hash of the user name, whose path is that
/// name, with a workspace-admin binding for the user), so <c>kubectl ws</c> and <c>kubectl ws ~</c> work.
/// </summary>
public sealed class HomeWorkspaces(ControlPlane plane)
{
    public const string Path = "/apis/tenancy.kcp.io/v1alpha1/workspaces/~";

    /// <summary>The type annotation of a home's LogicalCluster (no Workspace object refers to it).</summary>
    public const string Type = "root:home";
    private readonly Lock _create = new();

    public static string ClusterName(string user) => ClusterNames.EncodeBase36(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..16];

    public JsonObject Get(UserInfo user)
    {
        var request = RequestAttributes.ForResource("create", KcpGroups.Tenancy, "workspaces", name: "~");
        if (!plane.Authorizer.Allows(user, plane.Root, request))
        {
            throw Forbidden.For(user, request, "workspace access not permitted");
        }

        var home = Ensure(user.Name);
        var url = $"{plane.Address.BaseUrl.TrimEnd('/')}/clusters/{home.Name}";
        return new JsonObject
        {
            ["apiVersion"] = $"{KcpGroups.Tenancy}/v1alpha1",
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = home.Name },
            ["spec"] = new JsonObject
            {
                ["type"] = new JsonObject { ["name"] = "home", ["path"] = "root" },
                ["cluster"] = home.Name,
                ["URL"] = url,
            },
            ["status"] = new JsonObject { ["phase"] = "Ready" },
        };
    }

    private LogicalClusterInfo Ensure(string user)
    {
        var name = ClusterName(user);
        lock (_create)
        {
            if (plane.Clusters.TryGetByName(name) is { } existing)
            {
                return existing;
            }

            var home = plane.CreateLogicalCluster(name, name, plane.Root.Shard, owner: null, type: Type);
            plane.Resources.Create(home, plane.Resource(home, RbacPolicy.Group, "v1", "clusterrolebindings"), null, BootstrapPolicy.WorkspaceAdmin(user), @internal: true);
            return home;
        }
    }
}
