namespace Broker.Core.Api.Meta;

/// <summary>
/// metav1.Time as KubernetesClient models it (<see cref="DateTime"/>) and the <see cref="DateTimeOffset"/> the broker
/// computes with (TimeProvider). The wire is always UTC, so a time without a kind is UTC, never the machine's zone.
/// </summary>
public static class MetaTime
{
    public static DateTimeOffset? ToOffset(DateTime? time) => time is { } t ? ToOffset(t) : null;

    public static DateTimeOffset ToOffset(DateTime time) => new(time.Kind switch
    {
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time.ToUniversalTime(),
    });

    public static DateTime FromOffset(DateTimeOffset time) => time.UtcDateTime;
}
