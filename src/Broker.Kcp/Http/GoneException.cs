using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>410 Gone: the requested resourceVersion is too old; relist.</summary>
public sealed class GoneException : KubeApiException
{
    public GoneException(Status status)
        : base(status)
    {
    }

    public GoneException()
        : base(new Status { Code = 410, Reason = "Gone" })
    {
    }

    public GoneException(string message)
        : base(new Status { Code = 410, Reason = "Gone", Message = message })
    {
    }

    public GoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
