namespace Broker.Kcp.Models;

/// <summary>A status condition; kcp's variant adds <see cref="Severity"/> (kcp-api.md 3.6).</summary>
public sealed record Condition(string Type, string Status)
{
    public string? Severity { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public bool IsTrue => string.Equals(Status, "True", StringComparison.Ordinal);
}
