using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// One emulated kcp shard: its own store (so its own resourceVersion sequence) and its own
/// virtual-workspace URL. Shard 0 is "root" and is served at the base URL; shard i at /shards/shard-i.
/// </summary>
public sealed class Shard(string name, int index, ObjectStore store, ServerAddress address)
{
    public string Name { get; } = name;

    /// <summary>The name of shard <paramref name="index"/>: "root", then "shard-1", "shard-2", ...</summary>
    public static string NameOf(int index) => index == 0 ? "root" : $"shard-{index}";

    public int Index { get; } = index;

    public ObjectStore Store { get; } = store;

    /// <summary>URL path prefix of this shard's endpoints ("" for the root shard).</summary>
    public string PathPrefix => Index == 0 ? "" : $"/shards/{Name}";

    /// <summary>The shard's base and virtual-workspace URL (kcp's shard.spec.virtualWorkspaceURL), no trailing slash.</summary>
    public string VirtualWorkspaceUrl => address.BaseUrl.TrimEnd('/') + PathPrefix;
}
