namespace Broker.Kcp.Models;

/// <summary>What a <see cref="Status"/> is about, and for Invalid the failing fields.</summary>
public sealed record StatusDetails
{
    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<StatusCause>? Causes { get; init; }

    public int? RetryAfterSeconds { get; init; }
}
