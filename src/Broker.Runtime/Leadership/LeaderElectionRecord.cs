using System.Globalization;
using Broker.Core.Api.Meta;
using k8s.Models;

namespace Broker.Runtime.Leadership;

/// <summary>The part of a coordination.k8s.io/v1 Lease that leader election reads and writes (client-go's
/// LeaderElectionRecord). An empty <see cref="HolderIdentity"/> means released: anyone may take it at once.</summary>
public sealed record LeaderElectionRecord(
    string HolderIdentity, int LeaseDurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int LeaseTransitions)
{
    // metav1.MicroTime: the API server parses exactly six fractional digits, so the round-trip format ("o", seven) is refused.
    private const string MicroTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public bool IsReleased => HolderIdentity.Length == 0;

    public static LeaderElectionRecord FromLease(V1Lease lease)
    {
        var spec = lease.Spec;
        return new LeaderElectionRecord(
            spec?.HolderIdentity ?? "",
            spec?.LeaseDurationSeconds ?? 0,
            MetaTime.ToOffset(spec?.AcquireTime),
            MetaTime.ToOffset(spec?.RenewTime),
            spec?.LeaseTransitions ?? 0);
    }

    /// <summary>Writes these fields into the lease's spec, keeping any other spec field (e.g. <c>strategy</c>) as it is.
    /// Times are cut to the microseconds the server keeps.</summary>
    public void ApplyTo(V1Lease lease) => lease.Spec = (lease.Spec ?? new V1LeaseSpec()) with
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = MicroTime(AcquireTime),
        RenewTime = MicroTime(RenewTime),
        LeaseTransitions = LeaseTransitions,
    };

    public static string? FormatMicroTime(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(MicroTimeFormat, CultureInfo.InvariantCulture);

    private static DateTime? MicroTime(DateTimeOffset? value) =>
        value is { } time ? MetaTime.FromOffset(time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerMicrosecond))) : null;
}
