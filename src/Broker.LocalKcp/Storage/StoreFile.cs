using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Broker.LocalKcp.Storage;

/// <summary>
/// One shard's objects on disk: a SQLite database in WAL mode, written in batches by <see cref="StoreWriter"/>.
/// A commit is in the operating system's hands when it returns, so it survives a kill of the process.
/// Not thread-safe: one writer thread uses it after loading.
/// </summary>
internal sealed class StoreFile : IDisposable
{
    /// <summary>The layout this build writes (PRAGMA user_version); a newer file is refused, never guessed at.</summary>
    public const int FormatVersion = 1;

    // "LKcp": tells our file from any other SQLite database someone points --dir at.
    private const int ApplicationId = 0x4C4B6370;

    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _put;
    private readonly SqliteCommand _remove;
    private readonly SqliteCommand _removeCluster;
    private readonly SqliteCommand _setRevision;

    private StoreFile(string path, SqliteConnection connection)
    {
        _path = path;
        _connection = connection;
        _put = Prepare("INSERT OR REPLACE INTO objects (cluster, grp, resource, identity, ns, name, rv, json) VALUES ($c, $g, $r, $i, $n, $o, $v, $j)",
            "$c", "$g", "$r", "$i", "$n", "$o", "$v", "$j");
        _remove = Prepare("DELETE FROM objects WHERE cluster = $c AND grp = $g AND resource = $r AND identity = $i AND ns = $n AND name = $o",
            "$c", "$g", "$r", "$i", "$n", "$o");
        _removeCluster = Prepare("DELETE FROM objects WHERE cluster = $c", "$c");
        _setRevision = Prepare("UPDATE revision SET value = max(value, $v)", "$v");
    }

    /// <summary>Opens or creates the file; a file this build cannot use throws <see cref="StoredStateException"/>.</summary>
    public static StoreFile Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();

            // The data directory lock already keeps other processes out; holding SQLite's lock saves a lock and a
            // shared-memory round per transaction.
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE");
            var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            var application = Convert.ToInt64(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
            if (version > FormatVersion)
            {
                throw new StoredStateException($"{path} was written by a newer LocalKcp (store format {version}; this one reads up to {FormatVersion})");
            }

            if (tables > 0 && (application != ApplicationId || version == 0))
            {
                throw new StoredStateException($"{path} is not a LocalKcp store (a SQLite database with other contents)");
            }

            Configure(connection);
            if (tables == 0)
            {
                Execute(connection, $"""
                    CREATE TABLE objects (cluster TEXT NOT NULL, grp TEXT NOT NULL, resource TEXT NOT NULL, identity TEXT NOT NULL,
                        ns TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, json BLOB NOT NULL,
                        PRIMARY KEY (cluster, grp, resource, identity, ns, name)) WITHOUT ROWID;
                    CREATE TABLE revision (value INTEGER NOT NULL);
                    INSERT INTO revision (value) VALUES (0);
                    PRAGMA application_id = {ApplicationId};
                    PRAGMA user_version = {FormatVersion};
                    """);
            }

            // A truncated or damaged file must stop the start, not serve what is left of it.
            var check = Convert.ToString(Scalar(connection, "PRAGMA quick_check(1)"), CultureInfo.InvariantCulture);
            if (check != "ok")
            {
                throw new StoredStateException($"{path} is damaged ({check}); restore it from a copy or start with an empty --dir");
            }

            return new StoreFile(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoredStateException($"{path} cannot be read: {e.Message.TrimEnd('.')}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The newest revision ever handed out: the newest object's or a later deletion's or compaction's.</summary>
    public long ReadRevision() => Guard(() => Math.Max(
        Convert.ToInt64(Scalar(_connection, "SELECT value FROM revision"), CultureInfo.InvariantCulture),
        Scalar(_connection, "SELECT max(rv) FROM objects") is long newest ? newest : 0));

    /// <summary>Every stored object, in no particular order.</summary>
    public IEnumerable<(StorageKey Resource, ObjectKey Key, long Revision, byte[] Json)> ReadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT grp, resource, identity, cluster, ns, name, rv, json FROM objects";
        using var reader = Read(command);
        while (Next(reader))
        {
            yield return (new StorageKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                new ObjectKey(reader.GetString(3), reader.GetString(4), reader.GetString(5)),
                reader.GetInt64(6),
                (byte[])reader.GetValue(7));
        }
    }

    /// <summary>Applies records in order, in one transaction, and records the last one's revision as handed out.</summary>
    public void Apply(IReadOnlyList<StoreRecord> records) => Guard(() =>
    {
        using var transaction = _connection.BeginTransaction();
        SetTransaction(transaction);
        try
        {
            foreach (var record in records)
            {
                Apply(record);
            }

            // A batch ending in a put leaves its revision in that object's row (ReadRevision takes the larger of the
            // two), so only other endings write the revision row: one page less in the log for most commits.
            if (records[^1].Kind != StoreRecordKind.Put)
            {
                _setRevision.Parameters[0].Value = records[^1].Revision;
                _setRevision.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            SetTransaction(null);
        }

        return 0;
    });

    public void Dispose()
    {
        foreach (var command in (SqliteCommand[])[_put, _remove, _removeCluster, _setRevision])
        {
            command.Dispose();
        }

        // Closing the last connection checkpoints the log into the database and removes it.
        _connection.Dispose();
    }

    private static void Configure(SqliteConnection connection)
    {
        // WAL with synchronous=NORMAL: a commit is one append to the log, fsynced at checkpoints. A killed
        // process loses nothing it committed; a power cut can lose the last commits but never corrupts.
        Execute(connection, "PRAGMA journal_mode=WAL");
        Execute(connection, "PRAGMA synchronous=NORMAL");

        // Keep the b-tree's pages in memory (up to 64 MiB) rather than read them back from the OS for each commit.
        Execute(connection, "PRAGMA cache_size=-65536");

        // A checkpoint runs inside the commit that crosses the threshold, with both files' fsyncs, while every
        // request waiting for durability waits for it: 16,384 pages (64 MiB of log) make them 16 times rarer than
        // SQLite's 1,000. A restart reads at most that much log back.
        Execute(connection, "PRAGMA wal_autocheckpoint=16384");
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, StorageKey resource, ObjectKey key)
    {
        command.Parameters[0].Value = key.Cluster;
        command.Parameters[1].Value = resource.Group;
        command.Parameters[2].Value = resource.Resource;
        command.Parameters[3].Value = resource.Identity;
        command.Parameters[4].Value = key.Namespace;
        command.Parameters[5].Value = key.Name;
    }

    private void Apply(in StoreRecord record)
    {
        switch (record.Kind)
        {
            case StoreRecordKind.Put:
                Bind(_put, record.Resource, record.Key);
                _put.Parameters[6].Value = record.Revision;
                _put.Parameters[7].Value = MemoryMarshal.TryGetArray(record.Json, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                    ? segment.Array
                    : record.Json.ToArray();
                _put.ExecuteNonQuery();
                break;
            case StoreRecordKind.Remove:
                Bind(_remove, record.Resource, record.Key);
                _remove.ExecuteNonQuery();
                break;
            case StoreRecordKind.RemoveCluster:
                _removeCluster.Parameters[0].Value = record.Key.Cluster;
                _removeCluster.ExecuteNonQuery();
                break;
            case StoreRecordKind.Revision:
                break;
        }
    }

    private void SetTransaction(SqliteTransaction? transaction)
    {
        foreach (var command in (SqliteCommand[])[_put, _remove, _removeCluster, _setRevision])
        {
            command.Transaction = transaction;
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    private SqliteDataReader Read(SqliteCommand command) => Guard(command.ExecuteReader);

    private bool Next(SqliteDataReader reader) => Guard(reader.Read);

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new StoredStateException($"{_path}: {e.Message.TrimEnd('.')}", e);
        }
    }
}
