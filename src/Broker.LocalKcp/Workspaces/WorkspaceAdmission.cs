using System.Text.Json.Nodes;
using Broker.Json;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;

namespace Broker.LocalKcp.Workspaces;

/// <summary>
/// Workspace admission: defaults spec.type to root:universal, records the creator as owner, starts in phase
/// Scheduling with the logical-cluster finalizer; users cannot change spec.type, spec.cluster or spec.URL.
/// </summary>
internal sealed class WorkspaceAdmission(ControlPlane plane) : IAdmissionPlugin
{
    public const string Finalizer = "core.kcp.io/logicalcluster";

    public void Admit(AdmissionRequest request)
    {
        if (request.Resource.Plural != "workspaces" || request.Resource.Group != KcpGroups.Tenancy)
        {
            return;
        }

        var spec = ObjectMeta.Child(request.Object, "spec");
        switch (request.Operation)
        {
            case AdmissionOperation.Create:
                var type = ObjectMeta.Child(spec, "type");
                type["name"] ??= "universal";
                type["path"] ??= "root";
                if (!request.Internal)
                {
                    spec.Remove("cluster");
                    spec.Remove("URL");
                }

                SetOwner(request);
                InheritRequiredGroups(request);
                ObjectMeta.SetLabel(request.Object, KcpGroups.PhaseLabel, "Scheduling");
                ObjectMeta.Metadata(request.Object)["finalizers"] = new JsonArray(Finalizer);
                request.Object["status"] = new JsonObject { ["phase"] = "Scheduling" };
                if (plane.Clusters.TryGet($"{request.Cluster.Path}:{ObjectMeta.Name(request.Object)}") is not null)
                {
                    throw StatusException.AlreadyExists("workspaces.tenancy.kcp.io", ObjectMeta.Name(request.Object));
                }

                break;
            case AdmissionOperation.Update when !request.Internal:
                foreach (var field in (string[])["type", "cluster", "URL"])
                {
                    var old = request.Old?["spec"]?[field];
                    if (old is not null && spec[field] is { } updated && !JsonEquality.DeepEquals(old, updated))
                    {
                        throw StatusException.Invalid("Workspace", ObjectMeta.Name(request.Object), KcpGroups.Tenancy,
                            [new("FieldValueInvalid", "field is immutable", $"spec.{field}")]);
                    }

                    spec[field] = old?.DeepClone();
                }

                break;
        }
    }

    /// <summary>kcp copies the parent LogicalCluster's required groups onto the Workspace (and from there onto the child's LogicalCluster).</summary>
    private void InheritRequiredGroups(AdmissionRequest request)
    {
        var annotations = ObjectMeta.Annotations(request.Object);
        annotations.Remove(RequiredGroups.Annotation);
        var parent = plane.Resources.TryGet(request.Cluster, plane.Resource(request.Cluster, KcpGroups.Core, "v1alpha1", "logicalclusters"), "", "cluster");
        if (parent is not null && ObjectMeta.Annotation(parent.ToJsonObject(), RequiredGroups.Annotation) is { Length: > 0 } required)
        {
            annotations[RequiredGroups.Annotation] = required;
        }
    }

    /// <summary>
    /// kcp records the creator as owner (who then gets a workspace-admin binding), except for system:masters.
    /// LocalKcp's own writes (bootstrap helpers) are kcp-admin's.
    /// </summary>
    private static void SetOwner(AdmissionRequest request)
    {
        var annotations = ObjectMeta.Annotations(request.Object);
        annotations.Remove(KcpGroups.OwnerAnnotation);
        var user = request.User ?? new UserInfo("kcp-admin", [UserInfo.KcpAdmin]);
        if (!user.IsMaster)
        {
            var owner = new JsonObject { ["username"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]) };
            annotations[KcpGroups.OwnerAnnotation] = owner.ToJsonString();
        }
    }
}
