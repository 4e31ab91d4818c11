using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Discovery;

/// <summary>
/// The resources every logical cluster serves without any CRD or binding: the Kubernetes built-ins
/// LocalKcp stores, and kcp's system APIs (apis.kcp.io, tenancy.kcp.io, core.kcp.io).
/// </summary>
public sealed class FixedResources
{
    public FixedResources()
    {
        var exportConverter = new ApiExportConverter();
        var bindingConverter = new ApiBindingConverter();
        All =
        [
            Core("namespaces", "namespace", "Namespace", namespaced: false) with { ShortNames = ["ns"], HasStatus = true, PrinterColumns = Columns(("Status", ".status.phase")) },
            Core("secrets", "secret", "Secret", namespaced: true),
            Core("configmaps", "configmap", "ConfigMap", namespaced: true) with { ShortNames = ["cm"] },
            Core("events", "event", "Event", namespaced: true) with { ShortNames = ["ev"] },
            Core("serviceaccounts", "serviceaccount", "ServiceAccount", namespaced: true) with { ShortNames = ["sa"] },
            Core("resourcequotas", "resourcequota", "ResourceQuota", namespaced: true) with { ShortNames = ["quota"], HasStatus = true },
            Plain("coordination.k8s.io", "v1", "leases", "lease", "Lease", namespaced: true, ApiResourceOrigin.BuiltIn),
            Plain("events.k8s.io", "v1", "events", "event", "Event", namespaced: true, ApiResourceOrigin.BuiltIn) with { ShortNames = ["ev"] },
            Plain("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", namespaced: true, ApiResourceOrigin.BuiltIn),
            Plain("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", namespaced: true, ApiResourceOrigin.BuiltIn),
            Plain("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", namespaced: false, ApiResourceOrigin.BuiltIn),
            Plain("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false, ApiResourceOrigin.BuiltIn),
            Plain("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", namespaced: false, ApiResourceOrigin.BuiltIn)
                with { ShortNames = ["crd", "crds"], HasStatus = true },
            Plain("authentication.k8s.io", "v1", "selfsubjectreviews", "", "SelfSubjectReview", namespaced: false, ApiResourceOrigin.BuiltIn) with { IsReview = true },
            Plain("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "", "SelfSubjectAccessReview", namespaced: false, ApiResourceOrigin.BuiltIn) with { IsReview = true },
            Plain("authorization.k8s.io", "v1", "subjectaccessreviews", "", "SubjectAccessReview", namespaced: false, ApiResourceOrigin.BuiltIn) with { IsReview = true },
            Plain("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "", "SelfSubjectRulesReview", namespaced: false, ApiResourceOrigin.BuiltIn) with { IsReview = true },
            Plain(KcpGroups.Tenancy, "v1alpha1", "workspaces", "workspace", "Workspace", namespaced: false, ApiResourceOrigin.System)
                with
                {
                    ShortNames = ["ws"],
                    HasStatus = true,
                    Categories = ["kcp"],
                    PrinterColumns = Columns(("Type", ".spec.type.name"), ("Region", ".metadata.labels['region']"), ("Phase", ".status.phase"), ("URL", ".spec.URL")),
                },
            Plain(KcpGroups.Tenancy, "v1alpha1", "workspacetypes", "workspacetype", "WorkspaceType", namespaced: false, ApiResourceOrigin.System)
                with { HasStatus = true, Categories = ["kcp"] },
            Plain(KcpGroups.Core, "v1alpha1", "logicalclusters", "logicalcluster", "LogicalCluster", namespaced: false, ApiResourceOrigin.System)
                with { HasStatus = true, Categories = ["kcp"] },
            Plain(KcpGroups.Apis, "v1alpha1", "apiresourceschemas", "apiresourceschema", "APIResourceSchema", namespaced: false, ApiResourceOrigin.System)
                with { Categories = ["kcp"] },
            Plain(KcpGroups.Apis, "v1alpha1", "apiexportendpointslices", "apiexportendpointslice", "APIExportEndpointSlice", namespaced: false, ApiResourceOrigin.System)
                with { HasStatus = true, Categories = ["kcp"] },
            .. Versions(KcpGroups.Apis, "apiexports", "apiexport", "APIExport", exportConverter),
            .. Versions(KcpGroups.Apis, "apibindings", "apibinding", "APIBinding", bindingConverter),
        ];
    }

    public IReadOnlyList<ApiResource> All { get; }

    public ApiResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    /// <summary>The preferred (first listed) version of a group/resource, used for permission claims.</summary>
    public ApiResource? FindAnyVersion(string group, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Plural == plural);

    private static System.Text.Json.Nodes.JsonArray Columns(params (string Name, string Path)[] columns) =>
        new([.. columns.Select(c => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = c.Name,
            ["type"] = "string",
            ["jsonPath"] = c.Path,
        })]);

    private static ApiResource Core(string plural, string singular, string kind, bool namespaced) =>
        Plain("", "v1", plural, singular, kind, namespaced, ApiResourceOrigin.BuiltIn);

    private static ApiResource Plain(string group, string version, string plural, string singular, string kind, bool namespaced, ApiResourceOrigin origin) =>
        new(group, version, plural, singular, kind, namespaced, new StorageKey(group, plural), version, origin);

    private static IEnumerable<ApiResource> Versions(string group, string plural, string singular, string kind, IVersionConverter converter) =>
        ((string[])["v1alpha2", "v1alpha1"]).Select(v =>
            new ApiResource(group, v, plural, singular, kind, Namespaced: false, new StorageKey(group, plural), "v1alpha2", ApiResourceOrigin.System)
            {
                HasStatus = true,
                Categories = ["kcp"],
                Converter = converter,
            });
}
