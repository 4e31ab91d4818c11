using System.Globalization;

namespace Broker.Runtime.Leadership;

/// <summary>How a <see cref="LeaderElector"/> competes for its Lease. Each property states its default; the durations are
/// client-go's and controller-runtime's.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Namespace of the Lease; created when missing. Default <c>default</c>.</summary>
    public string LeaseNamespace { get; init; } = "default";

    /// <summary>Name of the Lease; every replica of one deployment uses the same. Default <c>resource-broker</c>.</summary>
    public string LeaseName { get; init; } = "resource-broker";

    /// <summary>Written into <c>spec.holderIdentity</c>. Default <c>&lt;hostname&gt;_&lt;guid&gt;</c>: unique per process, so a
    /// restarted pod never mistakes its predecessor's lease for its own.</summary>
    public string Identity { get; init; } = DefaultIdentity();

    /// <summary>How long a standby waits, counted from the last change of the lease it observed, before it takes over.
    /// Stored in whole seconds, rounded up. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew, counted from its last successful renewal, before it gives up
    /// leadership. Shorter than <see cref="LeaseDuration"/>, so it stops before a standby may start. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Clear the holder when leading ends by cancellation, so a standby takes over within one retry period instead of
    /// waiting for the lease to expire. Default true.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>The lease duration as written into <c>spec.leaseDurationSeconds</c>.</summary>
    public int LeaseDurationSeconds => (int)Math.Ceiling(LeaseDuration.TotalSeconds);

    public static string DefaultIdentity() => $"{Environment.MachineName}_{Guid.NewGuid()}";

    /// <summary>Every problem at once, each naming the value; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Require(problems, LeaseNamespace, "lease namespace");
        Require(problems, LeaseName, "lease name");
        Require(problems, Identity, "identity");
        var leaseValid = LeaseDuration >= TimeSpan.FromSeconds(1);
        if (!leaseValid)
        {
            problems.Add($"the lease duration ({Format(LeaseDuration)}) must be at least 1s: a Lease stores whole seconds");
        }

        if (RenewDeadline <= TimeSpan.Zero)
        {
            problems.Add($"the renew deadline ({Format(RenewDeadline)}) must be positive");
        }
        else if (leaseValid && RenewDeadline >= LeaseDuration)
        {
            problems.Add($"the renew deadline ({Format(RenewDeadline)}) must be shorter than the lease duration ({Format(LeaseDuration)}), so a leader stops before a standby may start");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            problems.Add($"the retry period ({Format(RetryPeriod)}) must be positive");
        }
        else if (RetryPeriod >= RenewDeadline && RenewDeadline > TimeSpan.Zero)
        {
            problems.Add($"the retry period ({Format(RetryPeriod)}) must be shorter than the renew deadline ({Format(RenewDeadline)}), so a leader retries a failed renewal");
        }

        return problems;
    }

    internal static string Format(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s");

    private static void Require(List<string> problems, string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"the {what} must not be empty");
        }
    }
}
