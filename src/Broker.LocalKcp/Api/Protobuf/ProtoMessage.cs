namespace Broker.LocalKcp.Api.Protobuf;

/// <summary>The layout of one protobuf message by field number (generated.proto of k8s.io/api).</summary>
internal sealed class ProtoMessage(params (int Number, ProtoField Field)[] fields)
{
    private readonly Dictionary<int, ProtoField> _fields = fields.ToDictionary(f => f.Number, f => f.Field);

    public ProtoField? this[int number] => _fields.GetValueOrDefault(number);

    public static ProtoMessage ObjectMeta { get; } = new(
        (1, new("name", ProtoKind.String)),
        (2, new("generateName", ProtoKind.String)),
        (3, new("namespace", ProtoKind.String)),
        (5, new("uid", ProtoKind.String)),
        (6, new("resourceVersion", ProtoKind.String)),
        (7, new("generation", ProtoKind.Int64)),
        (11, new("labels", ProtoKind.MapString)),
        (12, new("annotations", ProtoKind.MapString)),
        (13, new("ownerReferences", ProtoKind.RepeatedMessage, new(
            (1, new("kind", ProtoKind.String)),
            (3, new("name", ProtoKind.String)),
            (4, new("uid", ProtoKind.String)),
            (5, new("apiVersion", ProtoKind.String)),
            (6, new("controller", ProtoKind.Bool)),
            (7, new("blockOwnerDeletion", ProtoKind.Bool))))),
        (14, new("finalizers", ProtoKind.RepeatedString)));

    private static ProtoField Metadata => new("metadata", ProtoKind.Message, ObjectMeta);

    private static ProtoMessage PolicyRule { get; } = new(
        (1, new("verbs", ProtoKind.RepeatedString)),
        (2, new("apiGroups", ProtoKind.RepeatedString)),
        (3, new("resources", ProtoKind.RepeatedString)),
        (4, new("resourceNames", ProtoKind.RepeatedString)),
        (5, new("nonResourceURLs", ProtoKind.RepeatedString)));

    private static ProtoMessage Binding { get; } = new(
        (1, Metadata),
        (2, new("subjects", ProtoKind.RepeatedMessage, new(
            (1, new("kind", ProtoKind.String)),
            (2, new("apiGroup", ProtoKind.String)),
            (3, new("name", ProtoKind.String)),
            (4, new("namespace", ProtoKind.String))))),
        (3, new("roleRef", ProtoKind.Message, new(
            (1, new("apiGroup", ProtoKind.String)),
            (2, new("kind", ProtoKind.String)),
            (3, new("name", ProtoKind.String))))));

    private static ProtoMessage ResourceAttributes { get; } = new(
        (1, new("namespace", ProtoKind.String)),
        (2, new("verb", ProtoKind.String)),
        (3, new("group", ProtoKind.String)),
        (4, new("version", ProtoKind.String)),
        (5, new("resource", ProtoKind.String)),
        (6, new("subresource", ProtoKind.String)),
        (7, new("name", ProtoKind.String)));

    private static ProtoMessage NonResourceAttributes { get; } = new((1, new("path", ProtoKind.String)), (2, new("verb", ProtoKind.String)));

    /// <summary>The kinds kubectl's create generators (and auth can-i, auth whoami) send as protobuf.</summary>
    public static IReadOnlyDictionary<string, ProtoMessage> ByKind { get; } = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal)
    {
        ["ConfigMap"] = new((1, Metadata), (2, new("data", ProtoKind.MapString)), (3, new("binaryData", ProtoKind.MapBytes)), (4, new("immutable", ProtoKind.Bool))),
        ["Secret"] = new((1, Metadata), (2, new("data", ProtoKind.MapBytes)), (3, new("type", ProtoKind.String)), (4, new("stringData", ProtoKind.MapString)), (5, new("immutable", ProtoKind.Bool))),
        ["Namespace"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new((1, new("finalizers", ProtoKind.RepeatedString)))))),
        ["ServiceAccount"] = new((1, Metadata), (3, new("imagePullSecrets", ProtoKind.RepeatedMessage, new((1, new("name", ProtoKind.String))))), (4, new("automountServiceAccountToken", ProtoKind.Bool))),
        ["ResourceQuota"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new((1, new("hard", ProtoKind.MapQuantity)))))),
        ["Role"] = new((1, Metadata), (2, new("rules", ProtoKind.RepeatedMessage, PolicyRule))),
        ["ClusterRole"] = new((1, Metadata), (2, new("rules", ProtoKind.RepeatedMessage, PolicyRule))),
        ["RoleBinding"] = Binding,
        ["ClusterRoleBinding"] = Binding,
        ["SelfSubjectAccessReview"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new(
            (1, new("resourceAttributes", ProtoKind.Message, ResourceAttributes)),
            (2, new("nonResourceAttributes", ProtoKind.Message, NonResourceAttributes)))))),
        ["SubjectAccessReview"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new(
            (1, new("resourceAttributes", ProtoKind.Message, ResourceAttributes)),
            (2, new("nonResourceAttributes", ProtoKind.Message, NonResourceAttributes)),
            (3, new("user", ProtoKind.String)),
            (4, new("groups", ProtoKind.RepeatedString)))))),
        ["SelfSubjectReview"] = new((1, Metadata)),
        ["SelfSubjectRulesReview"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new((1, new("namespace", ProtoKind.String)))))),
        ["Lease"] = new((1, Metadata), (2, new("spec", ProtoKind.Message, new(
            (1, new("holderIdentity", ProtoKind.String)),
            (2, new("leaseDurationSeconds", ProtoKind.Int64)),
            (5, new("leaseTransitions", ProtoKind.Int64)))))),
    };
}
