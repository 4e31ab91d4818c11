using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>429 TooManyRequests: throttled, or (talking to a shard directly) the workspace lives on another shard.</summary>
public sealed class TooManyRequestsException : KubeApiException
{
    public TooManyRequestsException(Status status, TimeSpan? retryAfter)
        : base(status) => RetryAfter = retryAfter;

    public TooManyRequestsException()
        : base(new Status { Code = 429, Reason = "TooManyRequests" })
    {
    }

    public TooManyRequestsException(string message)
        : base(new Status { Code = 429, Reason = "TooManyRequests", Message = message })
    {
    }

    public TooManyRequestsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>From the <c>Retry-After</c> header, else from <c>details.retryAfterSeconds</c>.</summary>
    public TimeSpan? RetryAfter { get; }
}
