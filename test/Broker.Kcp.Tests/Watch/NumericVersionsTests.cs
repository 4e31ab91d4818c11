using Broker.Kcp.Watch;

namespace Broker.Kcp.Tests.Watch;

/// <summary>The compact version table against a plain dictionary: random sets and removes over few keys (long probe
/// runs, removals shifting later slots back, growth), the namespace limit and the version limit.</summary>
public sealed class NumericVersionsTests
{
    [TestCase(1, 50)]
    [TestCase(2, 3_000)]
    public void RandomWrites_MatchADictionary(int seed, int keySpace)
    {
        var random = new Random(seed);
        var table = new NumericVersions();
        var model = new Dictionary<KnownKey, long>();
        string[] namespaces = ["", "default", "kube-system"];
        for (var i = 0; i < 20_000; i++)
        {
            var n = random.Next(keySpace);
            // Equal strings of their own, as events bring them: found by value, not by instance.
            var key = new KnownKey($"c{n % 7}", new string(namespaces[n % 3].AsSpan()), $"o{n / 3}");
            if (random.Next(3) == 0)
            {
                table.Remove(key).ShouldBe(model.Remove(key));
            }
            else
            {
                long version = random.Next(1_000);
                table.TrySet(key, version, out var previous).ShouldBeTrue();
                previous.ShouldBe(model.TryGetValue(key, out var known) ? known : null);
                model[key] = version;
            }

            table.Count.ShouldBe(model.Count);
            if (i % 1_000 == 0)
            {
                foreach (var (k, v) in model)
                {
                    table.TryGetValue(k, out var found).ShouldBeTrue();
                    found.ShouldBe(v);
                }

                table.Keys.ToHashSet().SetEquals(model.Keys).ShouldBeTrue();
            }
        }

        foreach (var key in model.Keys.ToList())
        {
            table.Remove(key).ShouldBeTrue();
        }

        table.Count.ShouldBe(0);
        table.Keys.ShouldBeEmpty();
    }

    [Test]
    public void TrySet_AVersionOverTheLimit_IsRefusedAndNothingIsSet()
    {
        var table = new NumericVersions();
        var key = new KnownKey("c", "default", "a");

        table.TrySet(key, NumericVersions.MaxVersion + 1, out _).ShouldBeFalse();
        table.TrySet(key, -1, out _).ShouldBeFalse();

        table.Count.ShouldBe(0);
        table.TrySet(key, NumericVersions.MaxVersion, out _).ShouldBeTrue();
        table.TryGetValue(key, out var version).ShouldBeTrue();
        version.ShouldBe(NumericVersions.MaxVersion);
    }

    [Test]
    public void TrySet_OneNamespaceTooMany_IsRefusedAndTheOthersStay()
    {
        var table = new NumericVersions();
        for (var ns = 0; ns < 1 << 16; ns++)
        {
            table.TrySet(new KnownKey("c", $"ns{ns}", "a"), ns, out _).ShouldBeTrue();
        }

        table.TrySet(new KnownKey("c", "one-more", "a"), 1, out _).ShouldBeFalse();

        table.Count.ShouldBe(1 << 16);
        table.TryGetValue(new KnownKey("c", "ns65535", "a"), out var last).ShouldBeTrue();
        last.ShouldBe(65535);
        table.TryGetValue(new KnownKey("c", "one-more", "a"), out _).ShouldBeFalse();
    }

    [Test]
    public void Clear_ForgetsEverything()
    {
        var table = new NumericVersions();
        table.TrySet(new KnownKey("c", "", "a"), 1, out _);

        table.Clear();

        table.Count.ShouldBe(0);
        table.TryGetValue(new KnownKey("c", "", "a"), out _).ShouldBeFalse();
        table.TrySet(new KnownKey("c", "", "a"), 2, out var previous).ShouldBeTrue();
        previous.ShouldBeNull();
    }
}
