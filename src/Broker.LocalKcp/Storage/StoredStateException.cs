namespace Broker.LocalKcp.Storage;

/// <summary>
/// The state under the data directory cannot be used (damaged, from a newer version, held by another process,
/// or failing to write): LocalKcp stops with this one-line message rather than serve less than it acknowledged.
/// </summary>
public sealed class StoredStateException : Exception
{
    public StoredStateException()
    {
    }

    public StoredStateException(string message)
        : base(message)
    {
    }

    public StoredStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
