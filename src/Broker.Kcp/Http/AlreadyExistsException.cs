using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>409 AlreadyExists: an object with that name already exists.</summary>
public sealed class AlreadyExistsException : KubeApiException
{
    public AlreadyExistsException(Status status)
        : base(status)
    {
    }

    public AlreadyExistsException()
        : base(new Status { Code = 409, Reason = "AlreadyExists" })
    {
    }

    public AlreadyExistsException(string message)
        : base(new Status { Code = 409, Reason = "AlreadyExists", Message = message })
    {
    }

    public AlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
