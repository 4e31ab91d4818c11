using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Storage;

/// <summary>Writing through to a <see cref="StoreFile"/> and loading from it on start.</summary>
public sealed partial class ObjectStore : IDisposable
{
    private StoreFile? _file;
    private bool _closed;

    /// <summary>True when every write goes to a file first (LocalKcp without --ephemeral).</summary>
    public bool IsPersistent => _file is not null;

    /// <summary>
    /// A store kept in the SQLite file at <paramref name="path"/>: loads every object and the revision sequence.
    /// Watch history starts empty, compacted at the loaded revision, so a client resuming from before the restart
    /// gets 410 Gone and relists rather than missing events. Unusable files throw <see cref="StoredStateException"/>.
    /// </summary>
    public static ObjectStore Open(string shardName, string path, int historyCapacity = 10_000)
    {
        var file = StoreFile.Open(path);
        try
        {
            var store = new ObjectStore(shardName, historyCapacity);
            store.Load(file);
            return store;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Closes the file (checkpointing its log); later writes fail instead of going to memory only.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _file?.Dispose();
        }
    }

    private void Load(StoreFile file)
    {
        lock (_lock)
        {
            foreach (var (resource, key, revision, json) in file.ReadAll())
            {
                var labels = ObjectMeta.ReadLabels((JsonObject)JsonNode.Parse(json)!);
                Table(resource).Set(new StoredObject(key, revision, json, labels));
            }

            _revision = file.ReadRevision();
            _history.Compact(_revision);
            _file = file;
        }
    }

    /// <summary>Runs a write against the file, if any; called under the lock before memory changes or events go out.</summary>
    private void Persist(Action<StoreFile> write)
    {
        if (_closed)
        {
            throw new StoredStateException($"the store of shard {ShardName} is closed");
        }

        if (_file is { } file)
        {
            write(file);
        }
    }
}
