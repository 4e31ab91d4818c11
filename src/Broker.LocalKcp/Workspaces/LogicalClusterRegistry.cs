using System.Collections.Concurrent;
using Broker.LocalKcp.Api;

namespace Broker.LocalKcp.Workspaces;

/// <summary>The index of logical clusters by name and by canonical path (kcp's shard-local cluster index).</summary>
public sealed class LogicalClusterRegistry
{
    private readonly ConcurrentDictionary<string, LogicalClusterInfo> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogicalClusterInfo> _byPath = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LogicalClusterInfo> All => [.. _byName.Values];

    public void Add(LogicalClusterInfo cluster)
    {
        _byName[cluster.Name] = cluster;
        _byPath[cluster.Path] = cluster;
    }

    public void Remove(string name)
    {
        if (_byName.TryRemove(name, out var cluster))
        {
            _byPath.TryRemove(cluster.Path, out _);
        }
    }

    public LogicalClusterInfo? TryGetByName(string name) => _byName.GetValueOrDefault(name);

    public LogicalClusterInfo? TryGet(string pathOrName) =>
        _byName.GetValueOrDefault(pathOrName) ?? _byPath.GetValueOrDefault(pathOrName);

    /// <summary>
    /// Resolves the segment after /clusters/ the way kcp does: 400 for an invalid path, 403 for an unknown
    /// single-segment name, 404 for an unknown multi-segment path.
    /// </summary>
    public LogicalClusterInfo Resolve(string pathOrName)
    {
        if (!ClusterNames.IsValidPath(pathOrName) && !ClusterNames.IsValidName(pathOrName))
        {
            throw StatusException.BadRequest($"invalid cluster: \"{pathOrName}\" does not match the regex");
        }

        if (TryGet(pathOrName) is { } cluster)
        {
            return cluster;
        }

        if (ClusterNames.IsName(pathOrName))
        {
            throw StatusException.Forbidden($"access to logical cluster \"{pathOrName}\" denied: LogicalCluster not found");
        }

        throw StatusException.NotFound("workspaces.tenancy.kcp.io", pathOrName);
    }
}
