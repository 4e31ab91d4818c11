namespace Broker.LocalKcp.Watch;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
