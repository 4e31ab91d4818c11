namespace Broker.Runtime.Events;

/// <summary>What the recorder knows about one Event on the server: its name once created, and the count and timestamps
/// the next write carries. Occurrences the spam limit holds back still count, so the next write tells the truth.</summary>
internal sealed class EventSeries(DateTimeOffset first)
{
    /// <summary>Null until the Event has been created on the server.</summary>
    public string? Name { get; set; }

    public int Count { get; private set; } = 1;

    public DateTimeOffset FirstTimestamp { get; private set; } = first;

    public DateTimeOffset LastTimestamp { get; private set; } = first;

    public void Observe(DateTimeOffset at)
    {
        Count++;
        if (at > LastTimestamp)
        {
            LastTimestamp = at;
        }
    }

    /// <summary>Starts over as a fresh Event, e.g. after someone deleted the one on the server.</summary>
    public void Restart(DateTimeOffset at)
    {
        Name = null;
        Count = 1;
        FirstTimestamp = at;
        LastTimestamp = at;
    }
}
