namespace Broker.Runtime.Controllers;

/// <summary>Settings of a <see cref="Controller{TKey}"/>.</summary>
public sealed record ControllerOptions
{
    /// <summary>Keys reconciled in parallel (never the same key twice at once). Default 2.</summary>
    public int Workers { get; init; } = 2;
}
