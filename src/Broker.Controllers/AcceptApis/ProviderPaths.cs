using System.Collections.Concurrent;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// Workspace paths of provider clusters, read once from each one's LogicalCluster (its kcp.io/path
/// annotation), as upstream does: paths make messages readable and are what staging APIBindings name.
/// </summary>
public sealed class ProviderPaths(KcpClient client)
{
    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);

    public string? Find(string cluster) => _paths.GetValueOrDefault(cluster);

    public async Task<string> GetAsync(string cluster, CancellationToken cancellationToken)
    {
        if (_paths.TryGetValue(cluster, out var known))
        {
            return known;
        }

        var logicalCluster = await client.Cluster(cluster).GetAsync(LogicalCluster.Resource, null, "cluster", cancellationToken);
        var path = KubeObject.Annotation(logicalCluster, KcpAnnotations.Path) ?? cluster;
        _paths[cluster] = path;
        return path;
    }
}
