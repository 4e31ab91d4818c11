namespace Broker.LocalKcp.Storage;

public enum StoreRecordKind
{
    /// <summary>An object created or replaced.</summary>
    Put,

    /// <summary>An object deleted.</summary>
    Remove,

    /// <summary>Every object of a logical cluster deleted (Key.Cluster).</summary>
    RemoveCluster,

    /// <summary>A revision handed out without an object (compaction).</summary>
    Revision,
}

/// <summary>One change for the store file, in revision order; Revision is the revision the store reached with it.</summary>
public readonly record struct StoreRecord(StoreRecordKind Kind, StorageKey Resource, ObjectKey Key, long Revision, ReadOnlyMemory<byte> Json);
