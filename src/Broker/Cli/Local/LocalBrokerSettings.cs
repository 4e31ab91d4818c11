using Broker.Hosting.Logging;

namespace Broker.Cli.Local;

/// <summary>How <c>broker local</c> runs its broker: the demo issuers' delay, the metrics address ("0": none), the
/// periodic resync and the logs.</summary>
internal sealed record LocalBrokerSettings(TimeSpan IssueDelay, string? MetricsAddress, TimeSpan ReconcileInterval, LogSettings Logging);
