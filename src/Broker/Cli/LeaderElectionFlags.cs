using System.CommandLine;
using Broker.Runtime.Leadership;

namespace Broker.Cli;

/// <summary>The <c>--leader-elect*</c> options of <c>broker run</c>, named as kube-controller-manager and controller-runtime
/// name theirs (only the lease is called a lease here, as it is the one lock kind).</summary>
internal sealed class LeaderElectionFlags(OptionFactory factory)
{
    private static readonly LeaderElectionOptions Defaults = new();

    public Option<bool> Enabled { get; } = factory.Create(
        "--leader-elect",
        "Run as one of several replicas: only the holder of a Lease in the platform workspace reconciles; the others stand by, ready, and take over when it is released or expires",
        ValueParsers.Boolean, false, "LEADER_ELECTION");

    public Option<string> LeaseNamespace { get; } = factory.Create(
        "--leader-elect-lease-namespace", "Namespace of the Lease in the platform workspace (created if missing)", ValueParsers.Text, Defaults.LeaseNamespace);

    public Option<string> LeaseName { get; } = factory.Create(
        "--leader-elect-lease-name", "Name of the Lease; every replica uses the same", ValueParsers.Text, Defaults.LeaseName);

    public Option<TimeSpan> LeaseDuration { get; } = factory.Duration(
        "--leader-elect-lease-duration", "How long standbys wait, after the last renewal they saw, before taking over", Defaults.LeaseDuration);

    public Option<TimeSpan> RenewDeadline { get; } = factory.Duration(
        "--leader-elect-renew-deadline", "How long the leader retries a failed renewal before it gives up and exits; shorter than the lease duration", Defaults.RenewDeadline);

    public Option<TimeSpan> RetryPeriod { get; } = factory.Duration(
        "--leader-elect-retry-period", "Pause between attempts to acquire or renew the Lease", Defaults.RetryPeriod);

    public IEnumerable<Option> All => [Enabled, LeaseNamespace, LeaseName, LeaseDuration, RenewDeadline, RetryPeriod];

    /// <summary>Null without <c>--leader-elect</c>; otherwise the options and every problem with them.</summary>
    public (LeaderElectionOptions? Options, IReadOnlyList<string> Problems) Read(ParseResult parseResult)
    {
        if (!parseResult.GetValue(Enabled))
        {
            return (null, []);
        }

        var options = new LeaderElectionOptions
        {
            LeaseNamespace = parseResult.GetValue(LeaseNamespace) ?? "",
            LeaseName = parseResult.GetValue(LeaseName) ?? "",
            LeaseDuration = parseResult.GetValue(LeaseDuration),
            RenewDeadline = parseResult.GetValue(RenewDeadline),
            RetryPeriod = parseResult.GetValue(RetryPeriod),
        };
        return (options, options.Validate());
    }
}
