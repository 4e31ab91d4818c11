using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Watch;

/// <summary>
/// One committed change. <see cref="Previous"/> is the state before the change, so a watcher with a
/// selector can turn a change that leaves the selector into DELETED.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, StorageKey Resource, long Revision, StoredObject? Object, StoredObject? Previous)
{
    public static WatchEvent Bookmark(StorageKey resource, long revision) =>
        new(WatchEventType.Bookmark, resource, revision, null, null);
}
