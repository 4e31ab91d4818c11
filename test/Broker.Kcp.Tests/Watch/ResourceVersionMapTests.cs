using Broker.Kcp.Watch;

namespace Broker.Kcp.Tests.Watch;

public sealed class ResourceVersionMapTests
{
    [TestCase("0")]
    [TestCase("12345")]
    [TestCase("999999999999999999")] // 18 digits: the longest held as a number
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

        map.Set("c|ns/a", version, out var existed).ShouldBeTrue();

        existed.ShouldBeFalse();
        map["c|ns/a"].ShouldBe(version);
        map.Set("c|ns/a", version, out existed).ShouldBeFalse(); // known at that version: nothing to report
        existed.ShouldBeTrue();
        map.Count.ShouldBe(1);
    }

    [Test]
    public void Set_SwitchingBetweenNumberAndText_KeepsOneEntryAtTheLatestVersion()
    {
        var map = new ResourceVersionMap();
        map.Set("c|a", "10", out _);

        map.Set("c|a", "v11", out var existed).ShouldBeTrue();
        existed.ShouldBeTrue();
        map["c|a"].ShouldBe("v11");
        map.Set("c|a", "10", out existed).ShouldBeTrue(); // "10" again is a change from "v11"
        existed.ShouldBeTrue();

        map["c|a"].ShouldBe("10");
        map.Keys.ShouldBe(["c|a"]);
        map.Set("c|a", "010", out _).ShouldBeTrue(); // another string, though the same number
        map["c|a"].ShouldBe("010");
    }

    [Test]
    public void RemoveAndClear_ForgetBothKinds()
    {
        var map = new ResourceVersionMap();
        map.Set("c|a", "1", out _);
        map.Set("c|b", "x", out _);

        map.Remove("c|a").ShouldBeTrue();
        map.Remove("c|a").ShouldBeFalse();
        map.Keys.ShouldBe(["c|b"]);
        map.Clear();

        map.Count.ShouldBe(0);
        map.Set("c|b", "x", out var existed).ShouldBeTrue();
        existed.ShouldBeFalse();
    }
}
