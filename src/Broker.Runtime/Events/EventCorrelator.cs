using Broker.Kcp.Models;

namespace Broker.Runtime.Events;

/// <summary>Decides, for each occurrence, whether it starts a new Event, counts on an existing one, or is held back by its
/// object's token bucket (client-go's EventCorrelator, without its "combined from similar events" step). Both caches are
/// LRU-bounded, and forget entries that no longer change anything: a series past the aggregation window (the next
/// occurrence starts a new one anyway) and a bucket that has filled up again (as good as a new one). So what they hold
/// follows the recent Event rate rather than filling up with every object ever seen, deleted ones included.
/// Not thread-safe: the event writer is its only user.</summary>
internal sealed class EventCorrelator(EventRecorderOptions options)
{
    private const int PoolCapacity = 1024;

    private readonly LruCache<EventKey, EventSeries> _events = new(options.CacheSize);
    private readonly LruCache<EventSubject, TokenBucket> _limits = new(options.CacheSize);
    private readonly StringPool _strings = new(PoolCapacity);

    /// <summary>Events remembered for aggregation; never more than <see cref="EventRecorderOptions.CacheSize"/>.</summary>
    public int Count => _events.Count;

    /// <summary>Objects whose spam limit is remembered; never more than <see cref="EventRecorderOptions.CacheSize"/>.</summary>
    public int Limited => _limits.Count;

    /// <summary>The series to write (new when <see cref="EventSeries.Name"/> is null), or null when the object's budget is spent.</summary>
    public EventSeries? Observe(EventOccurrence occurrence)
    {
        Forget(occurrence.Time);
        var key = occurrence.Key;
        if (_events.TryGet(key, out var series) && occurrence.Time - series.LastTimestamp <= options.AggregationWindow)
        {
            series.Observe(occurrence.Time);
        }
        else
        {
            series = new EventSeries(occurrence.Time);
            key = key with { Subject = Shared(key.Subject) };
            _events.Set(key, series);
        }

        return TryTake(key.Subject, occurrence.Time) ? series : null;
    }

    // The least recently used entries are the oldest (occurrences come in time order): forget from there while stale.
    private void Forget(DateTimeOffset now)
    {
        _events.RemoveOldestWhile((now, options.AggregationWindow), static (series, at) => at.now - series.LastTimestamp > at.AggregationWindow);
        _limits.RemoveOldestWhile(now, static (bucket, at) => bucket.IsFull(at));
    }

    private bool TryTake(EventSubject subject, DateTimeOffset now)
    {
        if (!_limits.TryGet(subject, out var bucket))
        {
            bucket = new TokenBucket(options.Burst, options.RefillInterval, now);
            _limits.Set(Shared(subject), bucket);
        }

        return bucket.TryTake(now);
    }

    private EventSubject Shared(EventSubject subject) => subject with
    {
        Target = _strings.Intern(subject.Target),
        ApiVersion = _strings.Intern(subject.ApiVersion),
        Kind = _strings.Intern(subject.Kind),
        Namespace = _strings.Intern(subject.Namespace),
    };
}
