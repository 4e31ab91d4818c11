using Broker.LocalKcp.Hosting;

namespace Broker.LocalKcp.Workspaces;

/// <summary>A logical cluster: its name (storage identity), canonical workspace path and the shard hosting it.</summary>
public sealed record LogicalClusterInfo(string Name, string Path, Shard Shard);
