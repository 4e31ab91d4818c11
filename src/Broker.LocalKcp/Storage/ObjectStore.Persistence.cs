using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Storage;

/// <summary>Writing through to a <see cref="StoreFile"/> (group-committed by a <see cref="StoreWriter"/>) and loading from it.</summary>
public sealed partial class ObjectStore : IDisposable
{
    /// <summary>
    /// How far revisions may run ahead of the file. Watchers see a change before it is committed (requests are
    /// acknowledged only after), so a restart continues this far past the last committed revision: no revision a
    /// watcher may have seen is handed out again, and a resume from one gets 410 Gone.
    /// </summary>
    internal const long RevisionWindow = 100_000;

    private StoreWriter? _writer;
    private bool _closed;

    /// <summary>True when every write goes to a file (LocalKcp without --ephemeral).</summary>
    public bool IsPersistent => _writer is not null;

    /// <summary>
    /// A store kept in the SQLite file at <paramref name="path"/>: loads every object, then hands out revisions from
    /// <see cref="RevisionWindow"/> past the last committed one. Watch history starts empty and compacted there, so a
    /// client resuming from before the restart relists rather than missing events. Unusable files throw
    /// <see cref="StoredStateException"/>.
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

    /// <summary>Completes when every change made so far is committed to the file (at once when ephemeral).</summary>
    public Task WhenDurableAsync(CancellationToken cancellationToken) => WhenDurableAsync(Revision, cancellationToken);

    /// <summary>Completes when every change up to <paramref name="revision"/> is committed to the file (at once when ephemeral).</summary>
    public Task WhenDurableAsync(long revision, CancellationToken cancellationToken) =>
        _writer is { } writer ? writer.WhenDurableAsync(revision, cancellationToken) : Task.CompletedTask;

    /// <summary>Commits what is queued and closes the file; later writes fail instead of going to memory only.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _writer?.Dispose();
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

            // Committed before anything is served, so that a second crash cannot hand out this run's revisions again.
            _revision = file.ReadRevision() + RevisionWindow;
            file.Apply([new StoreRecord(StoreRecordKind.Revision, default, default, _revision, default)]);
            _history.Compact(_revision);
            _writer = new StoreWriter(file, _revision);
        }
    }

    /// <summary>Queues a change for the file, if any; called under the lock, in revision order, before events go out.</summary>
    private void Persist(in StoreRecord record)
    {
        if (_closed)
        {
            throw new StoredStateException($"the store of shard {ShardName} is closed");
        }

        if (_writer is not { } writer)
        {
            return;
        }

        if (record.Revision - writer.Durable > RevisionWindow / 2)
        {
            // The file fell far behind: wait for it rather than outrun the window a restart skips.
            writer.WhenDurableAsync(record.Revision - (RevisionWindow / 4), CancellationToken.None).GetAwaiter().GetResult();
        }

        writer.Enqueue(record);
        RequestWrites.Note(this, record.Revision);
    }
}
