namespace Broker.LocalKcp.Storage;

/// <summary>A precondition of a storage write failed; the API layer turns it into a Status.</summary>
public sealed class StorageException : Exception
{
    public StorageException()
    {
    }

    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageException(StorageErrorKind kind, ObjectKey key, string message)
        : base(message)
    {
        Kind = kind;
        Key = key;
    }

    public StorageErrorKind Kind { get; }

    public ObjectKey Key { get; }
}
