namespace Broker.Kcp.Http;

/// <summary>
/// client-go's client-side limit on a client's requests (rest.Config QPS and Burst): a token bucket that holds
/// <see cref="Burst"/> tokens and refills at <see cref="Qps"/> a second; every request, watches included, takes one
/// and waits while the bucket is empty.
/// </summary>
public sealed record ClientRateLimit(double Qps, int Burst)
{
    /// <summary>The broker's default, as <c>--kube-api-qps</c> and <c>--kube-api-burst</c> document it.</summary>
    public static ClientRateLimit Default { get; } = new(50, 100);

    /// <summary>Why these values cannot limit anything (null when they can): a rate must be positive and a burst at least 1.</summary>
    public string? Problem => Qps <= 0 || double.IsNaN(Qps) || double.IsInfinity(Qps)
        ? $"qps {Qps} is not a positive number"
        : Burst < 1 ? $"burst {Burst} is less than 1" : null;
}
