namespace Broker.Controllers.Staging;

/// <summary>
/// A staging workspace being prepared: since when (objects waiting on it say so only after a grace), the last problem a
/// step met (e.g. the provider's export is not readable), and how long its controller waits before looking again.
/// </summary>
public sealed class StagingPreparation(string name, DateTimeOffset started, PreparationPoll poll)
{
    public string Name { get; } = name;

    public DateTimeOffset Started { get; } = started;

    /// <summary>The last error of a step, shown to waiting objects; null after a step that succeeded.</summary>
    public string? Problem { get; internal set; }

    /// <summary>The last error was kcp refusing a permission (<see cref="Problem"/> names it): an operator must grant it.</summary>
    public bool Refused { get; internal set; }

    internal PreparationPoll Poll { get; } = poll;
}
