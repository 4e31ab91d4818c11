using System.Collections.Immutable;
using System.Reactive.Linq;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>
/// The versions a controller wrote of the objects it watches and has not seen come back yet, so the watch event each
/// such write comes back as (its echo) wakes nobody: the pass that wrote had already acted on everything the event
/// says, and a pass on an older echo would work from a state the server has moved past. A change by anyone else or a
/// deletion still wakes the object. An echo can beat the write's own response (in one process it usually does when
/// nothing queues): a change of an object with a write in flight (<see cref="Begin"/>) is therefore held until the
/// write ends, then dropped if it was the write's echo and passed on otherwise.
/// </summary>
public sealed class OwnWrites(IEnumerable<GroupVersionResource> watched)
{
    private const int MaxPendingPerObject = 8;
    private const int RecentCapacity = 4096;

    private ImmutableHashSet<GroupVersionResource> _watched = [.. watched];
    private readonly Lock _gate = new();
    private readonly Dictionary<(GroupVersionResource Resource, ObjectKey Key), List<string>> _pending = [];
    private readonly Queue<((GroupVersionResource, ObjectKey), string)> _recentOrder = new(); // versions seen lately, for echoes that beat their response
    private readonly HashSet<((GroupVersionResource, ObjectKey), string)> _recent = [];
    private readonly Dictionary<(GroupVersionResource Resource, string Namespace, string Name), List<string?>> _writing = []; // clusters written to, null unknown
    private readonly Dictionary<(GroupVersionResource Resource, string Namespace, string Name), List<(CacheChange Change, Action<CacheChange> Release)>> _held = [];
    private readonly HashSet<(GroupVersionResource Resource, ObjectKey Key)> _deletedWhileWriting = []; // their writes' responses come back after the deletion

    /// <summary>Recognises the echoes of writes to <paramref name="resource"/> from now on (a resource brokered while running).</summary>
    public void Watch(GroupVersionResource resource) => ImmutableInterlocked.Update(ref _watched, w => w.Add(resource));

    /// <summary>Objects with a write that has not come back yet.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Notes a write about to be sent (see <c>KcpClient.Observing</c>); disposing the result ends it, after
    /// <see cref="Record"/> if it succeeded. <paramref name="cluster"/> is the logical cluster when the writer knows it;
    /// when it writes by workspace path (null), a change of a namesake in any cluster waits for the write too, and is
    /// then passed on.
    /// </summary>
    public IDisposable Begin(GroupVersionResource resource, string? cluster, string ns, string name)
    {
        if (!Volatile.Read(ref _watched).Contains(resource) || name.Length == 0)
        {
            return NoWrite.Instance;
        }

        var id = (resource, ns, name);
        lock (_gate)
        {
            if (!_writing.TryGetValue(id, out var clusters))
            {
                _writing[id] = clusters = [];
            }

            clusters.Add(cluster);
        }

        return new Write(this, id, cluster);
    }

    /// <summary><paramref name="changes"/> without the echoes of this controller's writes (see <see cref="IsEcho"/>).</summary>
    public IObservable<CacheChange> WithoutEchoes(GroupVersionResource resource, IObservable<CacheChange> changes) =>
        Observable.Create<CacheChange>(observer =>
        {
            // A held change is passed on from the writer's thread: one at a time with the informer's.
            var serialized = System.Reactive.Observer.Synchronize(observer);
            Action<CacheChange> passOn = serialized.OnNext; // one delegate per subscription, not one per event
            return changes.Subscribe(
                change =>
                {
                    if (!IsEcho(resource, change, passOn))
                    {
                        passOn(change);
                    }
                },
                serialized.OnError,
                serialized.OnCompleted);
        });

    /// <summary>Notes what a create, update or patch returned (see <c>KcpClient.Observing</c>).</summary>
    public void Record(GroupVersionResource resource, ObjectHeader written)
    {
        if (!Volatile.Read(ref _watched).Contains(resource) || written.ResourceVersion is not { Length: > 0 } version)
        {
            return;
        }

        var id = (resource, new ObjectKey(written.Cluster, written.Namespace, written.Name));
        lock (_gate)
        {
            if (_held.TryGetValue((resource, id.Item2.Namespace, id.Item2.Name), out var held)
                && held.FindIndex(h => h.Change.Key == id.Item2 && h.Change.NewVersion == version) is var echo and >= 0)
            {
                held.RemoveAt(echo); // the echo came first and waited: it wakes nobody
                return;
            }

            if (_recent.Contains((id, version)))
            {
                return; // its event came first and woke the object already
            }

            if (_deletedWhileWriting.Contains(id))
            {
                return; // e.g. the write that removed the last finalizer: its only event, the deletion, came first
            }

            if (!_pending.TryGetValue(id, out var versions))
            {
                _pending[id] = versions = [];
            }

            versions.Add(version);
            if (versions.Count > MaxPendingPerObject)
            {
                versions.RemoveAt(0);
            }
        }
    }

    /// <summary>True when <paramref name="change"/> is the echo of one of this controller's writes; that write and any
    /// earlier ones of the object are then forgotten (their echoes come in order). Also true when the change is held
    /// because a write of the object is in flight: <paramref name="release"/> then passes it on if it was not the echo.</summary>
    public bool IsEcho(GroupVersionResource resource, CacheChange change, Action<CacheChange>? release = null)
    {
        var id = (resource, change.Key);
        lock (_gate)
        {
            if (change.New is null)
            {
                _pending.Remove(id);
                if (_writing.TryGetValue((resource, change.Key.Namespace, change.Key.Name), out var writing) && MayBeEchoOf(writing, change))
                {
                    // A response still to come would wait for an echo that never comes: a deleted object has no more events.
                    _deletedWhileWriting.Add(id);
                }

                return false;
            }

            var version = change.NewVersion!;
            var at = _pending.TryGetValue(id, out var versions) ? versions.IndexOf(version) : -1;
            if (at < 0)
            {
                var name = (resource, change.Key.Namespace, change.Key.Name);
                if (release is not null && _writing.TryGetValue(name, out var clusters) && MayBeEchoOf(clusters, change))
                {
                    if (!_held.TryGetValue(name, out var held))
                    {
                        _held[name] = held = [];
                    }

                    held.Add((change, release));
                    return true;
                }

                Remember((id, version));
                return false;
            }

            if (at == versions!.Count - 1)
            {
                _pending.Remove(id);
            }
            else
            {
                versions.RemoveRange(0, at + 1);
            }

            return true;
        }
    }

    private static bool MayBeEchoOf(List<string?> clusters, CacheChange change) =>
        clusters.Exists(c => c is null || string.Equals(c, change.Key.Cluster, StringComparison.Ordinal));

    private void End((GroupVersionResource Resource, string Namespace, string Name) id, string? cluster)
    {
        List<(CacheChange Change, Action<CacheChange> Release)> released = [];
        lock (_gate)
        {
            var clusters = _writing[id];
            clusters.Remove(cluster);
            if (clusters.Count == 0)
            {
                _writing.Remove(id);
                if (_deletedWhileWriting.Count > 0)
                {
                    _deletedWhileWriting.RemoveWhere(d => d.Resource == id.Resource && d.Key.Namespace == id.Namespace && d.Key.Name == id.Name);
                }
            }

            // What no write still out could be the echo of is someone else's change, passed on late by a write's time.
            if (_held.TryGetValue(id, out var held))
            {
                released = held.FindAll(h => !MayBeEchoOf(clusters, h.Change));
                held.RemoveAll(released.Contains);
                if (held.Count == 0)
                {
                    _held.Remove(id);
                }
            }
        }

        released.ForEach(h => h.Release(h.Change));
    }

    private void Remember(((GroupVersionResource, ObjectKey), string) seen)
    {
        if (!_recent.Add(seen))
        {
            return;
        }

        _recentOrder.Enqueue(seen);
        if (_recentOrder.Count > RecentCapacity)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }

    private sealed class Write(OwnWrites owner, (GroupVersionResource, string, string) id, string? cluster) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(id, cluster);
            }
        }
    }

    private sealed class NoWrite : IDisposable
    {
        public static readonly NoWrite Instance = new();

        public void Dispose()
        {
        }
    }
}
