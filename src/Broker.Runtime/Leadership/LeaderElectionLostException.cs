namespace Broker.Runtime.Leadership;

/// <summary>Leadership ended without being given up: the lease was not renewed in time, or another replica holds it now.
/// The work has been told to stop; the process should exit, as controller-runtime's does, and be restarted as a standby.</summary>
public sealed class LeaderElectionLostException : Exception
{
    public LeaderElectionLostException(string lease, string reason)
        : base($"leader election lost: lease {lease} {reason}")
    {
        Lease = lease;
        Reason = reason;
    }

    public LeaderElectionLostException()
        : this("", "for an unknown reason")
    {
    }

    public LeaderElectionLostException(string message)
        : base(message)
    {
        Lease = "";
        Reason = message;
    }

    public LeaderElectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
        Lease = "";
        Reason = message;
    }

    /// <summary>For example <c>default/resource-broker in root:platform</c>.</summary>
    public string Lease { get; }

    public string Reason { get; }
}
