using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Hosting;

/// <summary>The admission chain, in order: built-in strategies first, then kcp's plugins.</summary>
internal static class AdmissionPlugins
{
    public static IReadOnlyList<IAdmissionPlugin> Create(ControlPlane plane) =>
    [
        new NamespaceStrategy(),
        new CrdStrategy(),
        new PathAnnotationAdmission(),
        new WorkspaceAdmission(plane),
        new ApiResourceSchemaAdmission(),
        new ApiBindingAdmission(plane),
    ];
}
