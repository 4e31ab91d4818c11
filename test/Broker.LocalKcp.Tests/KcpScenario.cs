using System.Text.Json.Nodes;
using Broker.LocalKcp.Workspaces;
using Broker.Testing;

namespace Broker.LocalKcp.Tests;

/// <summary>A provider workspace exporting widgets (claiming secrets) and a consumer bound to it, set up through the bootstrap API.</summary>
public sealed record KcpScenario(LogicalClusterInfo Provider, LogicalClusterInfo Consumer, string ExportName, string VirtualWorkspaceUrl)
{
    public static async Task<KcpScenario> CreateAsync(LocalKcpFixture kcp, string suffix, CancellationToken cancellationToken, string? consumerShard = null)
    {
        var provider = await kcp.Bootstrap.CreateWorkspaceAsync($"root:provider-{suffix}", cancellationToken);
        var consumer = await kcp.Bootstrap.CreateWorkspaceAsync($"root:consumer-{suffix}", cancellationToken, consumerShard);
        var exportName = $"widgets-{suffix}";
        kcp.Bootstrap.Apply(provider, TestObjects.ResourceSchema());
        kcp.Bootstrap.Apply(provider, TestObjects.Export(exportName, "v1.widgets.example.io"));
        await kcp.Bootstrap.BindAsync(consumer, provider.Path, exportName, cancellationToken, acceptedClaims: TestObjects.AcceptSecrets());
        var shard = consumer.Shard.VirtualWorkspaceUrl;
        return new KcpScenario(provider, consumer, exportName, $"{shard}/services/apiexport/{provider.Name}/{exportName}");
    }

    public string VirtualWorkspacePath(string cluster) => new Uri(VirtualWorkspaceUrl).AbsolutePath.TrimStart('/') + $"/clusters/{cluster}";
}
