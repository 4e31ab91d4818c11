using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>409 Conflict: the object changed since it was read (resourceVersion mismatch).</summary>
public sealed class ConflictException : KubeApiException
{
    public ConflictException(Status status)
        : base(status)
    {
    }

    public ConflictException()
        : base(new Status { Code = 409, Reason = "Conflict" })
    {
    }

    public ConflictException(string message)
        : base(new Status { Code = 409, Reason = "Conflict", Message = message })
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
