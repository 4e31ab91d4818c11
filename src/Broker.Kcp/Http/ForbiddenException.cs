using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>403 Forbidden: the caller may not do this.</summary>
public sealed class ForbiddenException : KubeApiException
{
    public ForbiddenException(Status status)
        : base(status)
    {
    }

    public ForbiddenException()
        : base(new Status { Code = 403, Reason = "Forbidden" })
    {
    }

    public ForbiddenException(string message)
        : base(new Status { Code = 403, Reason = "Forbidden", Message = message })
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What was refused (verb, resource, workspace), when the exception came from a response to a known request.</summary>
    public Refusal? Refusal { get; init; }
}
