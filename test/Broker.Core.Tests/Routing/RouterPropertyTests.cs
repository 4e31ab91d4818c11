using System.Text.Json;
using Broker.Core.Routing;
using static Broker.Core.Tests.Routing.RoutingFixtures;

namespace Broker.Core.Tests.Routing;

/// <summary>Properties over random AcceptAPI sets and objects, with fixed seeds so failures reproduce.</summary>
public sealed class RouterPropertyTests
{
    private static readonly string[] Regions = ["eu", "us", "ch", "ap"];
    private static readonly string[] Suffixes = [".corp", ".com", "internal.corp", ".io"];

    private static CompiledAcceptApi RandomAcceptApi(Random random, int index)
    {
        var filters = new List<string>();
        if (random.Next(3) == 0)
        {
            filters.Add($$"""{"key":"region","valueIn":["{{Regions[random.Next(Regions.Length)]}}","{{Regions[random.Next(Regions.Length)]}}"]}""");
        }

        if (random.Next(3) == 0)
        {
            filters.Add($$"""{"key":"fqdn","suffix":"{{Suffixes[random.Next(Suffixes.Length)]}}"}""");
        }

        if (random.Next(3) == 0)
        {
            filters.Add($$$"""{"key":"size","boundary":{"min":{{{random.Next(50)}}},"max":{{{50 + random.Next(100)}}}}}""");
        }

        return Compiled($"provider-{index}", "[" + string.Join(",", filters) + "]", priority: random.Next(3), name: $"accept-{index}");
    }

    private static JsonElement RandomObject(Random random, int index)
    {
        var region = random.Next(5) == 0 ? "" : $"\"region\":\"{Regions[random.Next(Regions.Length)]}\",";
        return Object($$"""{{{region}}"fqdn":"app{{index}}{{Suffixes[random.Next(Suffixes.Length)]}}","size":{{random.Next(200)}}}""", name: $"obj-{index}");
    }

    [Test]
    public void Decide_SameInputsInAnyOrder_SameAnswer([Values(1, 2, 3, 4, 5)] int seed)
    {
        var random = new Random(seed);
        var acceptApis = Enumerable.Range(0, 30).Select(i => RandomAcceptApi(random, i)).ToList();
        var router = new Router(AcceptApiIndex.Build(acceptApis));
        var shuffled = new Router(AcceptApiIndex.Build(acceptApis.OrderBy(_ => random.Next())));

        for (var i = 0; i < 500; i++)
        {
            var request = Request(RandomObject(random, i));
            var first = router.Decide(request);
            router.Decide(request).ShouldBe(first);
            shuffled.Decide(request).Chosen?.Id.ToString().ShouldBe(first.Chosen?.Id.ToString());
        }
    }

    [Test]
    public void Decide_PlacedObjectWhoseAcceptApiStillMatches_NeverMoves([Values(1, 2, 3)] int seed)
    {
        var random = new Random(seed);
        var acceptApis = Enumerable.Range(0, 20).Select(i => RandomAcceptApi(random, i)).ToList();
        var router = new Router(AcceptApiIndex.Build(acceptApis));

        for (var i = 0; i < 500; i++)
        {
            var obj = RandomObject(random, i);
            var current = acceptApis[random.Next(acceptApis.Count)];
            var decision = router.Decide(Request(obj, new CurrentPlacement(current.Id.ProviderCluster, current.Id)));
            if (current.Matches(obj))
            {
                decision.ShouldBe(new RoutingDecision(RoutingOutcome.Stay, current));
            }
            else
            {
                decision.Outcome.ShouldNotBe(RoutingOutcome.Place);
            }
        }
    }

    [Test]
    public void Decide_EqualProviders_ShareTenThousandObjectsWithinTenPercentOfEven([Values(2, 3, 5, 10)] int providers)
    {
        var router = new Router(AcceptApiIndex.Build(Enumerable.Range(0, providers).Select(i => Compiled($"provider-{i}"))));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < 10_000; i++)
        {
            var chosen = router.Decide(Request(Object("""{"fqdn":"a"}""", name: $"cert-{i}", ns: $"ns-{i % 7}"), consumer: $"consumer-{i % 13}")).Chosen!;
            counts[chosen.Id.ProviderCluster] = counts.GetValueOrDefault(chosen.Id.ProviderCluster) + 1;
        }

        var even = 10_000.0 / providers;
        counts.Count.ShouldBe(providers);
        foreach (var (provider, count) in counts)
        {
            Math.Abs(count - even).ShouldBeLessThanOrEqualTo(even * 0.10, $"{provider} got {count} of 10000");
        }
    }

    [Test]
    public void Decide_ProviderAdded_MovesOnlyObjectsTheNewProviderWins()
    {
        var before = new Router(AcceptApiIndex.Build(Enumerable.Range(0, 4).Select(i => Compiled($"provider-{i}"))));
        var after = new Router(AcceptApiIndex.Build(Enumerable.Range(0, 5).Select(i => Compiled($"provider-{i}"))));
        var moved = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var request = Request(Object("""{"fqdn":"a"}""", name: $"cert-{i}"));
            var old = before.Decide(request).Chosen!.Id.ProviderCluster;
            var now = after.Decide(request).Chosen!.Id.ProviderCluster;
            if (old != now)
            {
                now.ShouldBe("provider-4");
                moved++;
            }
        }

        // The newcomer takes about a fifth; nobody else trades objects.
        moved.ShouldBeInRange(1_800, 2_200);
    }

    [Test]
    public void Decide_ProviderRemoved_MovesOnlyItsObjects()
    {
        var before = new Router(AcceptApiIndex.Build(Enumerable.Range(0, 5).Select(i => Compiled($"provider-{i}"))));
        var after = new Router(AcceptApiIndex.Build(Enumerable.Range(0, 4).Select(i => Compiled($"provider-{i}"))));

        for (var i = 0; i < 5_000; i++)
        {
            var request = Request(Object("""{"fqdn":"a"}""", name: $"cert-{i}"));
            var old = before.Decide(request).Chosen!.Id.ProviderCluster;
            if (old != "provider-4")
            {
                after.Decide(request).Chosen!.Id.ProviderCluster.ShouldBe(old);
            }
        }
    }
}
