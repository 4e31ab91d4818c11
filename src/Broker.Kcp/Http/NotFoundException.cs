using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>404 NotFound: the object does not exist.</summary>
public sealed class NotFoundException : KubeApiException
{
    public NotFoundException(Status status)
        : base(status)
    {
    }

    public NotFoundException()
        : base(new Status { Code = 404, Reason = "NotFound" })
    {
    }

    public NotFoundException(string message)
        : base(new Status { Code = 404, Reason = "NotFound", Message = message })
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
