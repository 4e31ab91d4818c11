using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;

namespace Broker.Kcp.Models;

/// <summary><c>apis.kcp.io/v1alpha2 APIBinding</c>: a workspace's use of an APIExport (kcp-api.md 3.4).</summary>
public sealed record ApiBinding : KubeResource
{
    public static readonly GroupVersionResource Resource = new("apis.kcp.io", "v1alpha2", "apibindings", Namespaced: false);

    public BindingSpec Spec { get; init; } = new();

    public BindingStatus Status { get; init; } = new();

    /// <summary>kcp's multicluster-provider engages a cluster on this condition.</summary>
    [JsonIgnore]
    public bool IsReady => Conditions.IsTrue(Status.Conditions, "Ready");

    public sealed record BindingSpec
    {
        public BindingReference? Reference { get; init; }
    }

    public sealed record BindingReference(ExportReference Export);

    public sealed record BindingStatus
    {
        /// <summary>Logical cluster name (never a path) of the export's workspace.</summary>
        public string? ApiExportClusterName { get; init; }

        /// <summary><c>""</c>, <c>Binding</c> or <c>Bound</c>.</summary>
        public string? Phase { get; init; }

        public IReadOnlyList<BoundResource>? BoundResources { get; init; }

        public IReadOnlyList<KcpCondition>? Conditions { get; init; }
    }

    public sealed record BoundResource(string Group, string Resource)
    {
        public BoundSchema? Schema { get; init; }

        public IReadOnlyList<string>? StorageVersions { get; init; }
    }

    public sealed record BoundSchema(string Name, string IdentityHash)
    {
        /// <summary>kcp spells this key in upper case.</summary>
        [JsonPropertyName("UID")]
        public string? Uid { get; init; }
    }
}
