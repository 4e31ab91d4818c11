using Broker.Hosting.Logging;
using Broker.Kcp.Http;

namespace Broker.Cli.Local;

/// <summary>How <c>broker local</c> runs its broker: the demo issuers' delay, the metrics address ("0": none), the
/// periodic resync, the broker's client-side rate limit (null: none) and the logs.</summary>
internal sealed record LocalBrokerSettings(TimeSpan IssueDelay, string? MetricsAddress, TimeSpan ReconcileInterval, ClientRateLimit? RateLimit, LogSettings Logging);
