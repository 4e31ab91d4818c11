using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Api;

/// <summary>New namespaces are Active; the default namespace cannot be deleted.</summary>
internal sealed class NamespaceStrategy : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Resource.Group.Length != 0 || request.Resource.Plural != "namespaces")
        {
            return;
        }

        if (request.Operation == AdmissionOperation.Create)
        {
            request.Object["status"] = new JsonObject { ["phase"] = "Active" };
        }

        if (request.Operation == AdmissionOperation.Delete && !request.Internal && ObjectMeta.Name(request.Object) is "default")
        {
            throw StatusException.Forbidden("namespaces \"default\" is forbidden: this namespace may not be deleted");
        }
    }
}
