namespace Broker.LocalKcp.Faults;

/// <summary>The standing faults: a share of matching requests failing with a status, and added latency.</summary>
public sealed record FaultSettings(double ErrorRate = 0, int Status = 500, string? PathContains = null, int LatencyMs = 0)
{
    public static FaultSettings None { get; } = new();

    public bool IsActive => ErrorRate > 0 || LatencyMs > 0;
}
