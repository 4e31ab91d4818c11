using Broker.Kcp.Watch;

namespace Broker.Kcp.Tests.Watch;

public sealed class ResourceVersionMapTests
{
    private static readonly KnownKey A = new("c", "ns", "a");
    private static readonly KnownKey B = new("c", "", "a");
    private static readonly KnownKey C = new("c", "", "b");

    [TestCase("0")]
    [TestCase("12345")]
    [TestCase("140737488355327")] // 2^47 - 1: the largest held as a number
    [TestCase("140737488355328")] // held as text
    [TestCase("999999999999999999")] // 18 digits
    [TestCase("9999999999999999999")] // 19 digits: could overflow, held as text
    [TestCase("007")] // a leading zero would not print back the same
    [TestCase("-1")]
    [TestCase(" 1")]
    [TestCase("1e3")]
    [TestCase("ab12:shard-1")] // opaque, as the API says every resourceVersion is
    [TestCase("")]
    public void Set_AnyVersion_ReadsBackExactlyAndIsKnownAtIt(string version)
    {
        var map = new ResourceVersionMap();

        map.Set(A, version, out var existed).ShouldBeTrue();

        existed.ShouldBeFalse();
        map[A].ShouldBe(version);
        map.Set(A, version, out existed).ShouldBeFalse(); // known at that version: nothing to report
        existed.ShouldBeTrue();
        map.Count.ShouldBe(1);
    }

    [Test]
    public void Set_SwitchingBetweenNumberAndText_KeepsOneEntryAtTheLatestVersion()
    {
        var map = new ResourceVersionMap();
        map.Set(B, "10", out _);

        map.Set(B, "v11", out var existed).ShouldBeTrue();
        existed.ShouldBeTrue();
        map[B].ShouldBe("v11");
        map.Set(B, "10", out existed).ShouldBeTrue(); // "10" again is a change from "v11"
        existed.ShouldBeTrue();

        map[B].ShouldBe("10");
        map.Keys.ShouldBe([B]);
        map.Set(B, "010", out _).ShouldBeTrue(); // another string, though the same number
        map[B].ShouldBe("010");
    }

    [Test]
    public void RemoveAndClear_ForgetBothKinds()
    {
        var map = new ResourceVersionMap();
        map.Set(B, "1", out _);
        map.Set(C, "x", out _);

        map.Remove(B).ShouldBeTrue();
        map.Remove(B).ShouldBeFalse();
        map.Keys.ShouldBe([C]);
        map.Clear();

        map.Count.ShouldBe(0);
        map.Set(C, "x", out var existed).ShouldBeTrue();
        existed.ShouldBeFalse();
    }
}
