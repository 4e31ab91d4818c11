using System.Text.Json.Nodes;
using Broker.Runtime.Leadership;

namespace Broker.Runtime.Tests.Leadership;

public sealed class LeaderElectionRecordTests
{
    [Test]
    public void ApplyTo_ThenFromLease_RoundTripsWithMicroTimes()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        var record = new LeaderElectionRecord("me", 15, at, at, 2);
        var lease = new JsonObject { ["spec"] = new JsonObject { ["strategy"] = "OldestEmulationVersion" } };

        record.ApplyTo(lease);

        lease["spec"]!["renewTime"]!.GetValue<string>().ShouldBe("2026-03-04T03:06:07.123456Z"); // six digits, UTC: metav1.MicroTime
        lease["spec"]!["strategy"]!.GetValue<string>().ShouldBe("OldestEmulationVersion", "fields leader election does not own stay");
        LeaderElectionRecord.FromLease(lease).ShouldBe(record with { AcquireTime = at.AddTicks(-7), RenewTime = at.AddTicks(-7) });
    }

    [Test]
    public void FromLease_MangledFields_CountAsAbsent()
    {
        var lease = JsonNode.Parse("""{"spec":{"holderIdentity":7,"leaseDurationSeconds":"x","renewTime":"yesterday"}}""")!.AsObject();

        LeaderElectionRecord.FromLease(lease).ShouldBe(new LeaderElectionRecord("", 0, null, null, 0));
    }
}
