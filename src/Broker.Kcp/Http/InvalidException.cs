using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>422 Invalid: the object failed validation; <see cref="Causes"/> names each failing field.</summary>
public sealed class InvalidException : KubeApiException
{
    public InvalidException(Status status)
        : base(status)
    {
    }

    public InvalidException()
        : base(new Status { Code = 422, Reason = "Invalid" })
    {
    }

    public InvalidException(string message)
        : base(new Status { Code = 422, Reason = "Invalid", Message = message })
    {
    }

    public InvalidException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];
}
