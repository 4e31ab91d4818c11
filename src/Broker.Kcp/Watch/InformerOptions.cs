namespace Broker.Kcp.Watch;

/// <summary>Settings of an <see cref="Informer"/>; each property states its default.</summary>
public sealed record InformerOptions
{
    /// <summary>First delay after a failed list or watch; grows exponentially with jitter. Default 200 ms.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the retry delay. Default 30 s. A <c>Retry-After</c> from the server overrides it.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }
}
