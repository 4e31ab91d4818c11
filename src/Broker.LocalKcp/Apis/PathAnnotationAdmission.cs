using Broker.LocalKcp.Api;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Apis;

/// <summary>kcp.io/PathAnnotation: APIExports, APIBindings and WorkspaceTypes carry their workspace's canonical path.</summary>
internal sealed class PathAnnotationAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Operation == AdmissionOperation.Delete)
        {
            return;
        }

        var annotated = request.Resource.Plural is "apiexports" or "apibindings" or "workspacetypes"
            || ObjectMeta.Annotation(request.Object, KcpGroups.PathAnnotation) is not null;
        if (annotated && request.Resource.Plural != "logicalclusters")
        {
            ObjectMeta.SetAnnotation(request.Object, KcpGroups.PathAnnotation, request.Cluster.Path);
        }
    }
}
