using System.Globalization;
using System.Text.Json.Nodes;

namespace Broker.Runtime.Leadership;

/// <summary>The part of a coordination.k8s.io/v1 Lease that leader election reads and writes (client-go's
/// LeaderElectionRecord). An empty <see cref="HolderIdentity"/> means released: anyone may take it at once.</summary>
public sealed record LeaderElectionRecord(
    string HolderIdentity, int LeaseDurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int LeaseTransitions)
{
    // metav1.MicroTime: the API server parses exactly six fractional digits, so the round-trip format ("o", seven) is refused.
    private const string MicroTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public bool IsReleased => HolderIdentity.Length == 0;

    public static LeaderElectionRecord FromLease(JsonObject lease)
    {
        var spec = lease["spec"] as JsonObject;
        return new LeaderElectionRecord(
            Read<string>(spec?["holderIdentity"]) ?? "",
            Read<int>(spec?["leaseDurationSeconds"]),
            ParseMicroTime(spec?["acquireTime"]),
            ParseMicroTime(spec?["renewTime"]),
            Read<int>(spec?["leaseTransitions"]));
    }

    /// <summary>Writes these fields into the lease's spec, keeping any other spec field (e.g. <c>strategy</c>) as it is.</summary>
    public void ApplyTo(JsonObject lease)
    {
        if (lease["spec"] is not JsonObject spec)
        {
            spec = [];
            lease["spec"] = spec;
        }

        spec["holderIdentity"] = HolderIdentity;
        spec["leaseDurationSeconds"] = LeaseDurationSeconds;
        spec["acquireTime"] = FormatMicroTime(AcquireTime);
        spec["renewTime"] = FormatMicroTime(RenewTime);
        spec["leaseTransitions"] = LeaseTransitions;
    }

    public static string? FormatMicroTime(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(MicroTimeFormat, CultureInfo.InvariantCulture);

    // A field of the wrong type counts as absent: a lease someone mangled must not stop the election, and expiry is
    // judged by when a change was observed, never by these stamps.
    private static T? Read<T>(JsonNode? node) => node is JsonValue value && value.TryGetValue<T>(out var result) ? result : default;

    private static DateTimeOffset? ParseMicroTime(JsonNode? node) =>
        Read<string>(node) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
