namespace Broker.Kcp.Kubeconfig;

/// <summary>A kubeconfig that cannot be used; the message names the file and the missing or bad piece.</summary>
public sealed class KubeconfigException : Exception
{
    public KubeconfigException()
    {
    }

    public KubeconfigException(string message)
        : base(message)
    {
    }

    public KubeconfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
