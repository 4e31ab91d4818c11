namespace Broker.Controllers.Staging;

/// <summary>
/// How long a staging workspace's preparation waits before it looks again: the first delay after each step that got
/// further (created, a new phase, bound), doubling up to a cap only while nothing moves, so the waits do not add up
/// over the steps. One per preparation.
/// </summary>
public sealed class PreparationPoll(TimeSpan first, TimeSpan longest)
{
    private TimeSpan _delay;
    private string? _lastState;

    /// <summary>The delay before the next look, given the state this look reached (a step's name or an error).</summary>
    public TimeSpan After(string state)
    {
        _delay = state == _lastState && _lastState is not null ? (_delay * 2 < longest ? _delay * 2 : longest) : first;
        _lastState = state;
        return _delay;
    }
}
