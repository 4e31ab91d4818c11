using System.CommandLine;
using Broker.Kcp.Http;

namespace Broker.Cli;

/// <summary>
/// <c>--kube-api-qps</c> (KUBE_API_QPS) and <c>--kube-api-burst</c> (KUBE_API_BURST), controller-runtime's names for
/// client-go's limit on the broker's requests to kcp; shared by the commands that run a broker. A rate of 0 turns the
/// limit off.
/// </summary>
internal sealed class RateLimitFlags(OptionFactory options)
{
    public Option<double> Qps { get; } = options.Create(
        "--kube-api-qps", "Requests a second the broker sends to kcp, on average (a token bucket, as client-go's; 0 turns the limit off)",
        ValueParsers.NonNegativeNumber, ClientRateLimit.Default.Qps, "KUBE_API_QPS");

    public Option<int> Burst { get; } = options.Create(
        "--kube-api-burst", "Requests the broker may send at once above --kube-api-qps, e.g. after a restart", ValueParsers.PositiveInteger, ClientRateLimit.Default.Burst, "KUBE_API_BURST");

    public IEnumerable<Option> All => [Qps, Burst];

    /// <summary>The limit, or null when the rate is 0 (no limit).</summary>
    public ClientRateLimit? Read(ParseResult parseResult) =>
        parseResult.GetValue(Qps) is > 0 and var qps ? new ClientRateLimit(qps, parseResult.GetValue(Burst)) : null;
}
