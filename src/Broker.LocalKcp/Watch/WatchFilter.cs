using Broker.LocalKcp.Api;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Watch;

/// <summary>
/// What one watch sees: namespace, selectors and an extra visibility rule (the virtual workspace's
/// bound clusters). A change that moves an object out of view becomes DELETED, into view ADDED.
/// </summary>
public sealed record WatchFilter(string? Namespace, LabelSelector Labels, FieldSelector Fields, Func<StoredObject, bool>? Visible)
{
    public bool Matches(StoredObject? value) =>
        value is not null
        && (Namespace is null || string.Equals(value.Key.Namespace, Namespace, StringComparison.Ordinal))
        && Labels.Matches(value)
        && Fields.Matches(value)
        && (Visible is null || Visible(value));

    /// <summary>The event as this watcher must see it, or null when it is invisible.</summary>
    public WatchEventType? Translate(WatchEvent value)
    {
        switch (value.Type)
        {
            case WatchEventType.Bookmark:
                return WatchEventType.Bookmark;
            case WatchEventType.Added:
                return Matches(value.Object) ? WatchEventType.Added : null;
            case WatchEventType.Deleted:
                return Matches(value.Previous ?? value.Object) ? WatchEventType.Deleted : null;
            default:
                var now = Matches(value.Object);
                var before = Matches(value.Previous);
                return (before, now) switch
                {
                    (true, true) => WatchEventType.Modified,
                    (false, true) => WatchEventType.Added,
                    (true, false) => WatchEventType.Deleted,
                    _ => null,
                };
        }
    }
}
