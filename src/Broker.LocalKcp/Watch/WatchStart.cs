namespace Broker.LocalKcp.Watch;

/// <summary>The outcome of opening a watch: the watcher, events to send first, and whether the start revision was too old.</summary>
public sealed record WatchStart(Watcher? Watcher, IReadOnlyList<WatchEvent> Initial, long Revision, bool Expired, long CompactedRevision);
