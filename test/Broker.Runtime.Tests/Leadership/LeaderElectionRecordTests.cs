using System.Text.Json.Nodes;
using Broker.Runtime.Leadership;
using k8s.Models;

namespace Broker.Runtime.Tests.Leadership;

public sealed class LeaderElectionRecordTests
{
    [Test]
    public void ApplyTo_ThenFromLease_RoundTripsWithMicroTimes()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        var record = new LeaderElectionRecord("me", 15, at, at, 2);
        var lease = new V1Lease { Spec = new V1LeaseSpec { Strategy = "OldestEmulationVersion" } };

        record.ApplyTo(lease);
        var wire = LeaseLock.ToWire(lease);

        wire["spec"]!["renewTime"]!.GetValue<string>().ShouldBe("2026-03-04T03:06:07.123456Z"); // six digits, UTC: metav1.MicroTime
        wire["spec"]!["strategy"]!.GetValue<string>().ShouldBe("OldestEmulationVersion", "fields leader election does not own stay");
        LeaderElectionRecord.FromLease(lease).ShouldBe(record with { AcquireTime = at.AddTicks(-7), RenewTime = at.AddTicks(-7) });
        LeaderElectionRecord.FromLease(LeaseLock.FromWire(wire)).ShouldBe(LeaderElectionRecord.FromLease(lease));
    }

    [Test]
    public void ToWire_WholeSecond_StillWritesSixDigits()
    {
        var lease = new V1Lease();
        new LeaderElectionRecord("me", 15, null, new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), 0).ApplyTo(lease);

        var spec = LeaseLock.ToWire(lease)["spec"]!;

        spec["renewTime"]!.GetValue<string>().ShouldBe("2026-03-04T05:06:07.000000Z", "the API server refuses a MicroTime without its six digits");
        spec["acquireTime"].ShouldBeNull();
    }

    [Test]
    public void FromWire_MangledFields_CountAsAbsent()
    {
        var lease = JsonNode.Parse("""{"metadata":{"name":"l","resourceVersion":"7"},"spec":{"holderIdentity":7,"leaseDurationSeconds":"x","renewTime":"yesterday"}}""")!.AsObject();

        var read = LeaseLock.FromWire(lease);

        LeaderElectionRecord.FromLease(read).ShouldBe(new LeaderElectionRecord("", 0, null, null, 0));
        read.Metadata.ResourceVersion.ShouldBe("7", "an update must still carry the version it read");
    }
}
