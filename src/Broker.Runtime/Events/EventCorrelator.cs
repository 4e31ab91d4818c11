namespace Broker.Runtime.Events;

/// <summary>Decides, for each occurrence, whether it starts a new Event, counts on an existing one, or is held back by its
/// object's token bucket (client-go's EventCorrelator, without its "combined from similar events" step). Both caches are
/// LRU-bounded. Not thread-safe: the event writer is its only user.</summary>
internal sealed class EventCorrelator(EventRecorderOptions options)
{
    private readonly LruCache<EventKey, EventSeries> _events = new(options.CacheSize);
    private readonly LruCache<EventSubject, TokenBucket> _limits = new(options.CacheSize);

    /// <summary>Events remembered for aggregation; never more than <see cref="EventRecorderOptions.CacheSize"/>.</summary>
    public int Count => _events.Count;

    /// <summary>The series to write (new when <see cref="EventSeries.Name"/> is null), or null when the object's budget is spent.</summary>
    public EventSeries? Observe(EventOccurrence occurrence)
    {
        var key = occurrence.Key;
        if (_events.TryGet(key, out var series) && occurrence.Time - series.LastTimestamp <= options.AggregationWindow)
        {
            series.Observe(occurrence.Time);
        }
        else
        {
            series = new EventSeries(occurrence.Time);
            _events.Set(key, series);
        }

        return TryTake(key.Subject, occurrence.Time) ? series : null;
    }

    private bool TryTake(EventSubject subject, DateTimeOffset now)
    {
        if (!_limits.TryGet(subject, out var bucket))
        {
            bucket = new TokenBucket(options.Burst, options.RefillInterval, now);
            _limits.Set(subject, bucket);
        }

        return bucket.TryTake(now);
    }
}
