using Broker.Core.Routing;
using static Broker.Core.Tests.Routing.RoutingFixtures;

namespace Broker.Core.Tests.Routing;

public sealed class RouterTests
{
    private static readonly string InternalOnly = """[{"key":"fqdn","suffix":"internal.corp"}]""";
    private static readonly string CorpOnly = """[{"key":"fqdn","suffix":"corp.com"}]""";

    private static Router RouterOf(params CompiledAcceptApi[] acceptApis) => new(AcceptApiIndex.Build(acceptApis));

    [Test]
    public void Decide_OneMatchingProvider_PlacesThere()
    {
        var router = RouterOf(Compiled("internal-ca", InternalOnly), Compiled("external-ca", CorpOnly));

        var decision = router.Decide(Request(Object("""{"fqdn":"app.corp.com"}""")));

        decision.Outcome.ShouldBe(RoutingOutcome.Place);
        decision.Chosen!.Id.ProviderCluster.ShouldBe("external-ca");
    }

    [Test]
    public void Decide_HigherPriority_Wins()
    {
        var router = RouterOf(Compiled("cheap", priority: 0), Compiled("premium", priority: 10));

        router.Decide(Request(Object("""{"fqdn":"a"}"""))).Chosen!.Id.ProviderCluster.ShouldBe("premium");
    }

    [Test]
    public void Decide_HigherPriorityThatDoesNotMatch_FallsBackToLower()
    {
        var router = RouterOf(Compiled("cheap", priority: 0), Compiled("premium", CorpOnly, priority: 10));

        router.Decide(Request(Object("""{"fqdn":"a.internal.corp"}"""))).Chosen!.Id.ProviderCluster.ShouldBe("cheap");
    }

    [Test]
    public void Decide_NothingMatches_NoProvider()
    {
        var router = RouterOf(Compiled("internal-ca", InternalOnly));

        var decision = router.Decide(Request(Object("""{"fqdn":"a.example.com"}""")));

        decision.ShouldBe(new RoutingDecision(RoutingOutcome.NoProvider, null));
    }

    [Test]
    public void Decide_OtherGvr_IsNotConsidered()
    {
        var other = Compile(AcceptApi("vms", resource: "vms"), "p1");
        var router = RouterOf(other);

        router.Decide(Request(Object("""{"fqdn":"a"}"""))).Outcome.ShouldBe(RoutingOutcome.NoProvider);
    }

    [Test]
    public void Decide_CurrentStillMatches_StaysEvenWhenHigherPriorityAppears()
    {
        var cheap = Compiled("cheap", priority: 0);
        var router = RouterOf(cheap, Compiled("premium", priority: 100));

        var decision = router.Decide(Request(Object("""{"fqdn":"a"}"""), new CurrentPlacement("cheap", cheap.Id)));

        decision.Outcome.ShouldBe(RoutingOutcome.Stay);
        decision.Chosen.ShouldBe(cheap);
    }

    [Test]
    public void Decide_CurrentNoLongerMatches_MovesToMatchingProvider()
    {
        var internalCa = Compiled("internal-ca", InternalOnly);
        var router = RouterOf(internalCa, Compiled("external-ca", CorpOnly));

        var decision = router.Decide(Request(Object("""{"fqdn":"app.corp.com"}"""), new CurrentPlacement("internal-ca", internalCa.Id)));

        decision.Outcome.ShouldBe(RoutingOutcome.Move);
        decision.Chosen!.Id.ProviderCluster.ShouldBe("external-ca");
    }

    [Test]
    public void Decide_CurrentNoLongerMatchesAndNothingElse_NoProvider()
    {
        var internalCa = Compiled("internal-ca", InternalOnly);
        var router = RouterOf(internalCa);

        router.Decide(Request(Object("""{"fqdn":"x.example.com"}"""), new CurrentPlacement("internal-ca", internalCa.Id))).Outcome
            .ShouldBe(RoutingOutcome.NoProvider);
    }

    [Test]
    public void Decide_CurrentAcceptApiDeletedButSameProviderStillAccepts_Stays()
    {
        var replacement = Compiled("internal-ca", name: "replacement");
        var router = RouterOf(replacement, Compiled("external-ca", priority: 5));
        var deleted = new AcceptApiId("internal-ca", "default", "gone");

        var decision = router.Decide(Request(Object("""{"fqdn":"a"}"""), new CurrentPlacement("internal-ca", deleted)));

        decision.Outcome.ShouldBe(RoutingOutcome.Stay);
        decision.Chosen.ShouldBe(replacement);
    }

    [Test]
    public void Decide_CurrentProviderOnly_StaysWhenAnyOfItsAcceptApisMatches()
    {
        var router = RouterOf(Compiled("a"), Compiled("b", priority: 3));

        router.Decide(Request(Object("""{"fqdn":"x"}"""), new CurrentPlacement("a"))).Chosen!.Id.ProviderCluster.ShouldBe("a");
    }

    [Test]
    public void Explain_NoMatch_SummarizesEveryProviderReason()
    {
        var router = RouterOf(Compiled("internal-ca", InternalOnly), Compiled("external-ca", CorpOnly));

        var explanation = router.Explain(Request(Object("""{"fqdn":"a.example.com"}""")));

        explanation.Verdicts.Select(v => (v.Provider, v.Matched)).ShouldBe([("external-ca", false), ("internal-ca", false)]);
        explanation.Summary.ShouldBe("0/2 providers accept: external-ca: spec.fqdn \"a.example.com\" lacks suffix \"corp.com\"; internal-ca: spec.fqdn \"a.example.com\" lacks suffix \"internal.corp\"");
    }

    [Test]
    public void Explain_IncludingOtherGvrs_SaysGvrDoesNotMatch()
    {
        var router = RouterOf(Compiled("internal-ca", InternalOnly), Compile(AcceptApi("vms", resource: "vms"), "vm-provider", "root:providers:vm-provider"));

        var explanation = router.Explain(Request(Object("""{"fqdn":"a.internal.corp"}""")), includeOtherGvrs: true);

        explanation.Summary.ShouldBe("1/2 providers accept: internal-ca: accepts; vm-provider: GVR does not match");
    }

    [Test]
    public void Explain_ProviderWithSeveralAcceptApis_LabelsEachByName()
    {
        var router = RouterOf(Compiled("p", InternalOnly, name: "internal"), Compiled("p", CorpOnly, name: "corp"));

        router.Explain(Request(Object("""{"fqdn":"a.corp.com"}"""))).Summary
            .ShouldBe("1/1 providers accept: p/corp: accepts; p/internal: spec.fqdn \"a.corp.com\" lacks suffix \"internal.corp\"");
    }

    [Test]
    public void Summarize_ManyVerdicts_StaysWithinBound()
    {
        var acceptApis = Enumerable.Range(0, 200).Select(i => Compiled($"provider-{i:D3}", InternalOnly)).ToArray();

        var summary = RouterOf(acceptApis).Explain(Request(Object("""{"fqdn":"some-rather-long-name.example.com"}"""))).Summary;

        summary.Length.ShouldBeLessThanOrEqualTo(Router.MaxSummaryLength);
        summary.ShouldStartWith("0/200 providers accept: provider-000: spec.fqdn");
        summary.ShouldMatch(@"; \.\.\. and \d+ more$");
    }

    [Test]
    public void Decide_MoreDistinctKeysThanTheFieldCache_StillMatchesEveryFilter()
    {
        var acceptApis = Enumerable.Range(0, 20).Select(i => Compiled($"p{i}", $$"""[{"key":"f{{i}}","valueIn":["v"]}]""")).ToArray();
        var router = RouterOf(acceptApis);

        router.Decide(Request(Object("""{"f17":"v"}"""))).Chosen!.Id.ProviderCluster.ShouldBe("p17");
        router.Decide(Request(Object("""{"f3":"v"}"""))).Chosen!.Id.ProviderCluster.ShouldBe("p3");
        router.Decide(Request(Object("""{"f3":"w"}"""))).Outcome.ShouldBe(RoutingOutcome.NoProvider);
    }
}
