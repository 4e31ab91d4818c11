namespace Broker.Kcp.Models;

/// <summary>The <c>type</c> of a watch event. Errors never surface as events: they become exceptions.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
