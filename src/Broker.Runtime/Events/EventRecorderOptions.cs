namespace Broker.Runtime.Events;

/// <summary>Settings of an <see cref="EventRecorder"/>; each property states its default. The spam limits are client-go's
/// EventCorrelator defaults, so a user sees the broker's Events behave as every other controller's.</summary>
public sealed record EventRecorderOptions
{
    /// <summary><c>source.component</c> and <c>reportingComponent</c>. Default <c>resource-broker</c>.</summary>
    public string Component { get; init; } = "resource-broker";

    /// <summary><c>source.host</c> and <c>reportingInstance</c>: which replica wrote the Event. Default the host name
    /// (the pod name in Kubernetes).</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary>Records waiting for the writer; more are dropped, never waited for. Default 1000 (client-go's queue).</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Longer messages are cut and end in an ellipsis. Default 1024 (the events.k8s.io limit on a note).</summary>
    public int MaxMessageLength { get; init; } = 1024;

    /// <summary>An identical Event seen again within this time of its last occurrence is counted on the existing Event
    /// instead of creating a new one. Default 10 minutes.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Events per involved object that may be written at once. Default 25 (client-go).</summary>
    public int Burst { get; init; } = 25;

    /// <summary>After the burst, one more write per involved object per interval. Default 5 minutes (client-go's 1/300 qps).</summary>
    public TimeSpan RefillInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Events and objects the correlator remembers (least recently used go first). Default 4096 (client-go).</summary>
    public int CacheSize { get; init; } = 4096;

    /// <summary>Limit of one write (and the 404 re-create after it), so one unresponsive workspace cannot hold every other
    /// workspace's Events for the client's full request timeout. Default 10 s.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On dispose, queued records get this long to be written before the rest are dropped. Default 5 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
