namespace Broker.LocalKcp.Storage;

/// <summary>
/// The revisions one request's writes got, per store: its acknowledgement then waits for the commits that hold them,
/// not for every change made by anyone until its response starts (with concurrent writers that was often one more
/// commit round per request). Ambient through an <see cref="AsyncLocal{T}"/>, as the request's own flow reaches the
/// store through several layers that know nothing of HTTP; writes on other flows (controllers) never note here.
/// </summary>
public sealed class RequestWrites
{
    private static readonly AsyncLocal<RequestWrites?> Current = new();

    private readonly Lock _lock = new();
    private readonly List<(ObjectStore Store, long Revision)> _written = [];

    private RequestWrites()
    {
    }

    /// <summary>Whether the request wrote anything (a refused or no-op write did not).</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _written.Count == 0;
            }
        }
    }

    /// <summary>Starts noting the writes of the current flow (a request) and of what it awaits.</summary>
    public static RequestWrites Begin() => Current.Value = new RequestWrites();

    /// <summary>Completes when every write noted so far is committed to its store's file.</summary>
    public Task WhenDurableAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _written.Count == 1
                ? _written[0].Store.WhenDurableAsync(_written[0].Revision, cancellationToken)
                : Task.WhenAll(_written.Select(w => w.Store.WhenDurableAsync(w.Revision, cancellationToken)));
        }
    }

    /// <summary>Called by a store for each change it queues for its file.</summary>
    internal static void Note(ObjectStore store, long revision)
    {
        if (Current.Value is not { } writes)
        {
            return;
        }

        lock (writes._lock)
        {
            var at = writes._written.FindIndex(w => ReferenceEquals(w.Store, store));
            if (at < 0)
            {
                writes._written.Add((store, revision));
            }
            else if (writes._written[at].Revision < revision)
            {
                writes._written[at] = (store, revision);
            }
        }
    }
}
