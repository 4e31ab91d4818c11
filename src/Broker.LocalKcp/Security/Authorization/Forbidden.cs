using Broker.LocalKcp.Api;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>403 Status bodies worded as kube-apiserver's responsewriters.Forbidden words them (no workspace name).</summary>
public static class Forbidden
{
    public static StatusException For(UserInfo user, in RequestAttributes request, string reason)
    {
        if (!request.IsResourceRequest)
        {
            return new StatusException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\": {reason}");
        }

        var groupResource = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var scope = request.Namespace.Length == 0 ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var name = request.Name.Length == 0 ? "" : $" \"{request.Name}\"";
        return new StatusException(403, "Forbidden",
            $"{groupResource}{name} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}: {reason}",
            new StatusDetails(request.Name, request.Group, request.Resource));
    }

    /// <summary>An admission refusal: <c>&lt;resource&gt;.&lt;group&gt; "&lt;name&gt;" is forbidden: &lt;message&gt;</c>.</summary>
    public static StatusException Admission(string group, string resource, string name, string message) =>
        new(403, "Forbidden", $"{resource}.{group} \"{name}\" is forbidden: {message}", new StatusDetails(name, group, resource));
}
