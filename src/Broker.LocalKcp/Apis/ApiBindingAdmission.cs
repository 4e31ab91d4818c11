using System.Text.Json.Nodes;
using Broker.Json;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Security.Authorization;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIBinding admission: a reference to an export is required and immutable, creating one needs bind on the
/// export (kcp's wording when refused), and the binding is labelled
/// internal.apis.kcp.io/export so the export's virtual workspace can find it.
/// </summary>
internal sealed class ApiBindingAdmission(ControlPlane plane) : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Resource.Plural != "apibindings" || request.Resource.Group != KcpGroups.Apis)
        {
            return;
        }

        if (request.Operation == AdmissionOperation.Delete)
        {
            DeleteBoundObjects(request);
            return;
        }

        var name = ObjectMeta.Name(request.Object);
        var reference = request.Object["spec"]?["reference"]?["export"] as JsonObject;
        var exportName = ObjectMeta.GetString(reference, "name");
        if (string.IsNullOrEmpty(exportName))
        {
            throw StatusException.Invalid("APIBinding", name, KcpGroups.Apis, [new("FieldValueRequired", "Required value", "spec.reference.export.name")]);
        }

        if (request.Operation == AdmissionOperation.Update && !request.Internal
            && !JsonEquality.DeepEquals(request.Object["spec"]?["reference"], request.Old?["spec"]?["reference"]))
        {
            throw StatusException.Invalid("APIBinding", name, KcpGroups.Apis, [new("FieldValueInvalid", "APIExport reference must not be changed", "spec.reference")]);
        }

        var path = ObjectMeta.GetString(reference, "path") ?? "";
        var exportCluster = path.Length == 0 ? request.Cluster : plane.Clusters.TryGet(path);
        if (request.Operation == AdmissionOperation.Create && request.User is { } user)
        {
            // kcp's deep SubjectAccessReview in the export's workspace: bind on the export, no access to that workspace needed.
            // A missing export reads the same, so that workspaces do not leak.
            var bind = RequestAttributes.ForResource("bind", KcpGroups.Apis, "apiexports", name: exportName);
            if (exportCluster is null || !plane.Authorizer.RbacAllows(user, exportCluster, bind))
            {
                throw Forbidden.Admission(KcpGroups.Apis, "apibindings", name,
                    $"unable to create APIBinding: no permission to bind to export {(path.Length == 0 ? "" : path + ":")}{exportName}");
            }
        }
        if (exportCluster is not null)
        {
            ObjectMeta.SetLabel(request.Object, KcpGroups.ExportLabel, KcpHashes.ExportLabel(exportCluster.Name, exportName));
        }
    }

    /// <summary>Like kcp's apibindingdeletion controller: objects of the bound resources go with the binding.</summary>
    private static void DeleteBoundObjects(AdmissionRequest request)
    {
        var store = request.Cluster.Shard.Store;
        foreach (var bound in (request.Object["status"]?["boundResources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = new Storage.StorageKey(
                ObjectMeta.GetString(bound, "group") ?? "",
                ObjectMeta.GetString(bound, "resource") ?? "",
                ObjectMeta.GetString(bound, "schema", "identityHash") ?? "");
            foreach (var item in store.List(key, request.Cluster.Name, null).Items)
            {
                try
                {
                    store.Delete(key, item.Key, null);
                }
                catch (Storage.StorageException)
                {
                    // Already gone.
                }
            }
        }
    }
}
