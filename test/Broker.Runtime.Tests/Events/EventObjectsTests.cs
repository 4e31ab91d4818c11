using Broker.Runtime.Events;

namespace Broker.Runtime.Tests.Events;

public sealed class EventObjectsTests
{
    [TestCase("short", 16, "short")]
    [TestCase("exactly-sixteen!", 16, "exactly-sixteen!")]
    [TestCase("seventeen chars!!", 16, "seventeen chars…")]
    public void Truncate_LongerThanMax_CutsWithEllipsis(string text, int max, string expected) =>
        EventObjects.Truncate(text, max).ShouldBe(expected);

    [Test]
    public void Truncate_AtSurrogatePair_KeepsThePairWhole()
    {
        var text = new string('a', 14) + "😀" + "bbb"; // the emoji is chars 14 and 15

        var cut = EventObjects.Truncate(text, 16);

        cut.ShouldBe(new string('a', 14) + "…");
        char.IsHighSurrogate(cut[^2]).ShouldBeFalse();
    }

    [Test]
    public void Name_LongObjectName_StaysWithin253Characters()
    {
        EventObjects.Name("w1", 0x18a2f).ShouldBe("w1.18a2f");
        var name = EventObjects.Name(new string('n', 253), long.MaxValue);

        name.Length.ShouldBe(253);
        name.ShouldEndWith(".7fffffffffffffff");
    }

    [Test]
    public void NamespaceOf_ClusterScopedObject_IsDefault() =>
        EventObjects.NamespaceOf(new InvolvedObject("v1", "Namespace", "", "team-a", "u", "1")).ShouldBe("default");

    [Test]
    public void Timestamp_FractionalSeconds_CutToWholeSecondsInUtc()
    {
        var time = EventObjects.Timestamp(new DateTimeOffset(2026, 3, 1, 13, 0, 0, 999, TimeSpan.FromHours(1)));

        time.ShouldBe(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        time.Kind.ShouldBe(DateTimeKind.Utc);
        EventObjects.CountPatch(new EventSeries(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 500, TimeSpan.Zero))).ToJsonString()
            .ShouldBe("""{"count":1,"lastTimestamp":"2026-03-01T12:00:00Z"}""");
    }
}
