namespace Broker.LocalKcp.Storage;

public enum StorageErrorKind
{
    NotFound,
    AlreadyExists,
    Conflict,
}
