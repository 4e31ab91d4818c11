using Broker.Core.Api.Meta;
namespace Broker.Kcp.Models;

/// <summary><c>apis.kcp.io/v1alpha1 APIExportEndpointSlice</c>: where an export's virtual workspaces are served (kcp-api.md 3.5).</summary>
public sealed record ApiExportEndpointSlice : KubeResource
{
    public static readonly GroupVersionResource Resource = new("apis.kcp.io", "v1alpha1", "apiexportendpointslices", Namespaced: false);

    public SliceSpec Spec { get; init; } = new();

    public SliceStatus Status { get; init; } = new();

    public sealed record SliceSpec
    {
        public ExportReference? Export { get; init; }

        public string? Partition { get; init; }
    }

    public sealed record SliceStatus
    {
        /// <summary>One per shard that hosts at least one binding; empty before any binding exists.</summary>
        public IReadOnlyList<Endpoint>? Endpoints { get; init; }

        public IReadOnlyList<KcpCondition>? Conditions { get; init; }

        public string? ShardSelector { get; init; }
    }

    public sealed record Endpoint(Uri Url);
}
