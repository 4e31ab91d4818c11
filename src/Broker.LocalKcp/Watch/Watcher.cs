using System.Threading.Channels;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Watch;

/// <summary>
/// One open watch on one storage table. The store writes into it under its lock and never blocks:
/// a watcher that falls too far behind is closed, and the client resumes from its last revision.
/// </summary>
public sealed class Watcher
{
    private readonly Channel<WatchEvent> _channel;

    internal Watcher(StorageKey resource, string? cluster, int capacity)
    {
        Resource = resource;
        Cluster = cluster;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public StorageKey Resource { get; }

    /// <summary>The logical cluster watched, or null for all clusters of the shard.</summary>
    public string? Cluster { get; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    /// <summary>True when the watcher was closed because it fell behind.</summary>
    public bool Overflowed { get; private set; }

    internal bool Accepts(WatchEvent value) =>
        Cluster is null || value.Object is null || string.Equals(value.Object.Key.Cluster, Cluster, StringComparison.Ordinal);

    internal void Offer(WatchEvent value)
    {
        if (!_channel.Writer.TryWrite(value) && !Overflowed)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
        }
    }

    internal void Close() => _channel.Writer.TryComplete();
}
