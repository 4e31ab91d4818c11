using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>
/// The versions a controller wrote of the objects it watches and has not seen come back yet, so the watch event each
/// such write comes back as (its echo) wakes nobody: the pass that wrote had already acted on everything the event
/// says, and a pass on an older echo would work from a state the server has moved past. A change by anyone else or a
/// deletion still wakes the object. An echo can beat the write's own response; it then wakes the object as usual.
/// </summary>
public sealed class OwnWrites(IEnumerable<GroupVersionResource> watched)
{
    private const int MaxPendingPerObject = 8;
    private const int RecentCapacity = 4096;

    private readonly HashSet<GroupVersionResource> _watched = [.. watched];
    private readonly Lock _gate = new();
    private readonly Dictionary<(GroupVersionResource Resource, ObjectKey Key), List<string>> _pending = [];
    private readonly Queue<((GroupVersionResource, ObjectKey), string)> _recentOrder = new(); // versions seen lately, for echoes that beat their response
    private readonly HashSet<((GroupVersionResource, ObjectKey), string)> _recent = [];

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

    /// <summary>Notes what a create, update or patch returned (see <c>KcpClient.Observing</c>).</summary>
    public void Record(GroupVersionResource resource, JsonObject written)
    {
        if (!_watched.Contains(resource) || KubeObject.ResourceVersion(written) is not { Length: > 0 } version)
        {
            return;
        }

        var id = (resource, ObjectKey.From(written));
        lock (_gate)
        {
            if (_recent.Contains((id, version)))
            {
                return; // its event came first and woke the object already
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
    /// earlier ones of the object are then forgotten (their echoes come in order).</summary>
    public bool IsEcho(GroupVersionResource resource, CacheChange change)
    {
        var id = (resource, change.Key);
        lock (_gate)
        {
            if (change.New is null)
            {
                _pending.Remove(id);
                return false;
            }

            var version = change.New.ResourceVersion;
            var at = _pending.TryGetValue(id, out var versions) ? versions.IndexOf(version) : -1;
            if (at < 0)
            {
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
}
