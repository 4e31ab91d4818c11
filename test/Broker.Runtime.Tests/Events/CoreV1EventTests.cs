using Broker.Runtime.Events;

namespace Broker.Runtime.Tests.Events;

public sealed class CoreV1EventTests
{
    [TestCase("short", 16, "short")]
    [TestCase("exactly-sixteen!", 16, "exactly-sixteen!")]
    [TestCase("seventeen chars!!", 16, "seventeen chars…")]
    public void Truncate_LongerThanMax_CutsWithEllipsis(string text, int max, string expected) =>
        CoreV1Event.Truncate(text, max).ShouldBe(expected);

    [Test]
    public void Truncate_AtSurrogatePair_KeepsThePairWhole()
    {
        var text = new string('a', 14) + "😀" + "bbb"; // the emoji is chars 14 and 15

        var cut = CoreV1Event.Truncate(text, 16);

        cut.ShouldBe(new string('a', 14) + "…");
        char.IsHighSurrogate(cut[^2]).ShouldBeFalse();
    }

    [Test]
    public void Name_LongObjectName_StaysWithin253Characters()
    {
        CoreV1Event.Name("w1", 0x18a2f).ShouldBe("w1.18a2f");
        var name = CoreV1Event.Name(new string('n', 253), long.MaxValue);

        name.Length.ShouldBe(253);
        name.ShouldEndWith(".7fffffffffffffff");
    }

    [Test]
    public void NamespaceOf_ClusterScopedObject_IsDefault() =>
        CoreV1Event.NamespaceOf(new InvolvedObject("v1", "Namespace", "", "team-a", "u", "1")).ShouldBe("default");
}
