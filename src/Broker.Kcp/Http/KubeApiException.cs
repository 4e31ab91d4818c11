using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>A failure reported by the API server as a <c>v1 Status</c>. Subtypes name the outcomes callers branch on.</summary>
public class KubeApiException : Exception
{
    public KubeApiException(Status status)
        : base(Describe(status)) => Status = status;

    public KubeApiException()
        : this(new Status { Code = 500, Message = "unknown API error" })
    {
    }

    public KubeApiException(string message)
        : this(new Status { Code = 500, Message = message })
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException) => Status = new Status { Code = 500, Message = message };

    public Status Status { get; }

    public int StatusCode => Status.Code;

    public string Reason => Status.Reason ?? "";

    private static string Describe(Status status)
    {
        var reason = string.IsNullOrEmpty(status.Reason) ? "" : $" {status.Reason}";
        return $"{status.Code}{reason}: {status.Message}";
    }
}
