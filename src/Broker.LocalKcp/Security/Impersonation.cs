using Broker.LocalKcp.Api;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Workspaces;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Security;

/// <summary>
/// Impersonate-User / Impersonate-Group (kubectl --as, --as-group), decided in the request's workspace as kcp does:
/// the caller needs verb impersonate on users and groups there (system:masters may always), and a caller outside
/// system:masters may not take on kcp's privileged groups it does not hold (kcp's impersonation gatekeeper).
/// </summary>
public sealed class Impersonation(KcpAuthorizer authorizer)
{
    private static readonly string[] Privileged =
    [
        UserInfo.Masters, UserInfo.KcpAdmin, "system:kcp:logical-cluster-admin", "system:kcp:external-logical-cluster-admin", "system:kcp:tenancy:workspace-bootstrapper",
    ];

    /// <summary>Replaces the request's user with the impersonated one, or throws 403; nothing happens without the headers.</summary>
    public void Apply(HttpContext context, LogicalClusterInfo? cluster)
    {
        var headers = context.Request.Headers;
        var name = headers["Impersonate-User"].ToString();
        var groups = headers["Impersonate-Group"].SelectMany(g => (g ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (name.Length == 0 && groups.Count == 0)
        {
            return;
        }

        var caller = context.Features.Get<UserInfo>() ?? throw new StatusException(401, "Unauthorized", "Unauthorized");
        if (name.Length == 0)
        {
            throw StatusException.BadRequest("requested impersonation of groups without a user");
        }

        if (!caller.IsMaster)
        {
            if (groups.Any(g => Privileged.Contains(g, StringComparer.Ordinal) && !caller.InGroup(g)))
            {
                throw StatusException.Forbidden("forbidden: impersonation is not allowed for the requestor");
            }

            Require(caller, cluster, "users", name);
            foreach (var group in groups)
            {
                Require(caller, cluster, "groups", group);
            }
        }

        context.Features.Set(new UserInfo(name, groups));
    }

    private void Require(UserInfo caller, LogicalClusterInfo? cluster, string resource, string name)
    {
        var request = RequestAttributes.ForResource("impersonate", "", resource, name: name);
        if (!authorizer.Allows(caller, cluster, request))
        {
            throw Forbidden.For(caller, request, "access denied");
        }
    }
}
