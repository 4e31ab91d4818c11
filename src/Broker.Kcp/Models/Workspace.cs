using System.Text.Json.Serialization;
using Broker.Core.Api.Meta;

namespace Broker.Kcp.Models;

/// <summary><c>tenancy.kcp.io/v1alpha1 Workspace</c>: a child workspace as seen from its parent (kcp-api.md 1.5).</summary>
public sealed record Workspace : KubeResource
{
    public static readonly GroupVersionResource Resource = new("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);

    public WorkspaceSpec Spec { get; init; } = new();

    public WorkspaceStatus Status { get; init; } = new();

    public sealed record WorkspaceSpec
    {
        /// <summary>The logical cluster name backing the workspace.</summary>
        public string? Cluster { get; init; }

        /// <summary>kcp spells this key in upper case.</summary>
        [JsonPropertyName("URL")]
        public Uri? Url { get; init; }

        public WorkspaceTypeReference? Type { get; init; }
    }

    public sealed record WorkspaceTypeReference(string Name)
    {
        public string? Path { get; init; }
    }

    public sealed record WorkspaceStatus
    {
        /// <summary><c>Scheduling</c>, <c>Initializing</c> or <c>Ready</c>.</summary>
        public string? Phase { get; init; }

        public IReadOnlyList<KcpCondition>? Conditions { get; init; }
    }
}
