using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>
/// kcp's required-groups authorizer: the LogicalCluster annotation <c>authorization.kcp.io/required-groups</c> lists
/// clauses separated by ';' (any one suffices) of groups separated by ',' (all needed); system:kcp:admin and
/// system:kcp:tenancy:workspace-bootstrapper always satisfy it. No annotation: no requirement.
/// </summary>
public sealed class RequiredGroups
{
    public const string Annotation = "authorization.kcp.io/required-groups";
    private static readonly StorageKey LogicalClusters = new("core.kcp.io", "logicalclusters");
    private readonly string[][] _clauses;

    private RequiredGroups(string[][] clauses) => _clauses = clauses;

    public static RequiredGroups None { get; } = new([]);

    public static RequiredGroups Parse(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? None
            : new([.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Append([UserInfo.KcpAdmin])
                .Append(["system:kcp:tenancy:workspace-bootstrapper"])]);

    public static RequiredGroups Of(ObjectStore store, string cluster) =>
        Parse(store.Get(LogicalClusters, new ObjectKey(cluster, "", "cluster")) is { } logicalCluster
            ? ObjectMeta.Annotation(logicalCluster.ToJsonObject(), Annotation)
            : null);

    public static bool IsLogicalCluster(StorageKey resource) => resource == LogicalClusters;

    public bool Admits(UserInfo user) => _clauses.Length == 0 || _clauses.Any(clause => clause.All(user.InGroup));
}
