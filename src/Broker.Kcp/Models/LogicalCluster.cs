using Broker.Core.Api.Meta;
namespace Broker.Kcp.Models;

/// <summary><c>core.kcp.io/v1alpha1 LogicalCluster</c>: the singleton named <c>cluster</c> in every logical cluster.</summary>
public sealed record LogicalCluster : KubeResource
{
    public static readonly GroupVersionResource Resource = new("core.kcp.io", "v1alpha1", "logicalclusters", Namespaced: false);

    /// <summary>The only name a LogicalCluster object can have.</summary>
    public const string SingletonName = "cluster";

    public ClusterStatus Status { get; init; } = new();

    public sealed record ClusterStatus
    {
        /// <summary><c>Scheduling</c>, <c>Initializing</c>, <c>Ready</c>, <c>Unavailable</c>.</summary>
        public string? Phase { get; init; }

        public Uri? Url { get; init; }

        public IReadOnlyList<KcpCondition>? Conditions { get; init; }
    }
}
