using Broker.Core.Routing;
using static Broker.Core.Tests.Routing.RoutingFixtures;

namespace Broker.Core.Tests.Routing;

public sealed class CompiledFilterTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // suffix
        yield return Case("suffix matches", """[{"key":"fqdn","suffix":"internal.corp"}]""", """{"fqdn":"app.internal.corp"}""", null);
        yield return Case("suffix fails", """[{"key":"fqdn","suffix":"internal.corp"}]""", """{"fqdn":"a.example.com"}""", "spec.fqdn \"a.example.com\" lacks suffix \"internal.corp\"");
        yield return Case("suffix on escaped string", """[{"key":"fqdn","suffix":"é.corp"}]""", """{"fqdn":"a\u00e9.corp"}""", null);
        yield return Case("suffix on number text", """[{"key":"size","suffix":"00"}]""", """{"size":1500}""", null);
        // valueIn
        yield return Case("valueIn string", """[{"key":"region","valueIn":["eu","ch"]}]""", """{"region":"ch"}""", null);
        yield return Case("valueIn is case sensitive", """[{"key":"region","valueIn":["eu"]}]""", """{"region":"EU"}""", "spec.region \"EU\" not in [\"eu\"]");
        yield return Case("valueIn number rendered", """[{"key":"memory","valueIn":["512","1024"]}]""", """{"memory":512}""", null);
        yield return Case("valueIn boolean rendered", """[{"key":"ha","valueIn":["true"]}]""", """{"ha":true}""", null);
        yield return Case("valueIn boolean fails", """[{"key":"ha","valueIn":["true"]}]""", """{"ha":false}""", "spec.ha false not in [\"true\"]");
        // boundary
        yield return Case("boundary inside", """[{"key":"storage","boundary":{"min":10,"max":1000}}]""", """{"storage":500}""", null);
        yield return Case("boundary inclusive min", """[{"key":"storage","boundary":{"min":10,"max":1000}}]""", """{"storage":10}""", null);
        yield return Case("boundary inclusive max", """[{"key":"storage","boundary":{"min":10,"max":1000}}]""", """{"storage":1000}""", null);
        yield return Case("boundary above", """[{"key":"storage","boundary":{"max":1000}}]""", """{"storage":2000}""", "spec.storage 2000 above maximum 1000");
        yield return Case("boundary below", """[{"key":"storage","boundary":{"min":10}}]""", """{"storage":5}""", "spec.storage 5 below minimum 10");
        yield return Case("boundary non-integer", """[{"key":"storage","boundary":{"min":1}}]""", """{"storage":1.5}""", "spec.storage 1.5 is not an integer");
        yield return Case("boundary integer string", """[{"key":"storage","boundary":{"min":1}}]""", """{"storage":"42"}""", null);
        yield return Case("boundary word string", """[{"key":"storage","boundary":{"min":1}}]""", """{"storage":"big"}""", "spec.storage \"big\" is not an integer");
        yield return Case("boundary zero min", """[{"key":"storage","boundary":{"min":0,"max":0}}]""", """{"storage":0}""", null);
        // absent, null, nested, non-scalars
        yield return Case("absent field fails", """[{"key":"region","valueIn":["eu"]}]""", """{"fqdn":"x"}""", "spec.region absent");
        yield return Case("null field is absent", """[{"key":"region","valueIn":["eu"]}]""", """{"region":null}""", "spec.region absent");
        yield return Case("nested path", """[{"key":"storage.size","boundary":{"max":100}}]""", """{"storage":{"size":50}}""", null);
        yield return Case("nested path absent parent", """[{"key":"storage.size","boundary":{"max":100}}]""", """{"storage":7}""", "spec.storage.size absent");
        yield return Case("absolute spec path", """[{"key":"spec.fqdn","suffix":".corp"}]""", """{"fqdn":"a.corp"}""", null);
        yield return Case("object value", """[{"key":"storage","valueIn":["x"]}]""", """{"storage":{"size":1}}""", "spec.storage is an object, not a single value");
        yield return Case("list value", """[{"key":"zones","valueIn":["x"]}]""", """{"zones":["x"]}""", "spec.zones is a list, not a single value");
        // combinations: all criteria of a filter, all filters of an AcceptAPI
        yield return Case("criteria combined pass", """[{"key":"memory","valueIn":["512","1024"],"boundary":{"max":600},"suffix":"2"}]""", """{"memory":512}""", null);
        yield return Case("criteria combined first failing", """[{"key":"memory","valueIn":["512","1024"],"boundary":{"max":600}}]""", """{"memory":1024}""", "spec.memory 1024 above maximum 600");
        yield return Case("filters combined second fails", """[{"key":"fqdn","suffix":".corp"},{"key":"region","valueIn":["eu"]}]""", """{"fqdn":"a.corp","region":"us"}""", "spec.region \"us\" not in [\"eu\"]");
        yield return Case("no filters accepts all", "[]", """{}""", null);
    }

    private static TestCaseData Case(string name, string filters, string spec, string? reason) =>
        new TestCaseData(filters, spec, reason).SetName("Explain_" + name.Replace(' ', '_'));

    [TestCaseSource(nameof(Cases))]
    public void Explain_FilterOnSpec_GivesExpectedVerdict(string filters, string spec, string? expectedReason)
    {
        var acceptApi = Compiled("p1", filters);
        var obj = Object(spec);

        acceptApi.Explain(obj).ShouldBe(expectedReason);
        acceptApi.Matches(obj).ShouldBe(expectedReason is null);
    }

    private static IEnumerable<TestCaseData> MetadataCases()
    {
        const string labels = "\"labels\":{\"environment\":\"production\",\"app.kubernetes.io/tier\":\"web\"},\"annotations\":{\"team\":\"blue\"}";
        yield return new TestCaseData("""[{"key":"metadata.labels.environment","valueIn":["production"]}]""", labels, null).SetName("Metadata_label_matches");
        yield return new TestCaseData("""[{"key":"metadata.labels.environment","valueIn":["dev","staging"]}]""", labels, "metadata.labels.environment \"production\" not in [\"dev\", \"staging\"]").SetName("Metadata_label_fails");
        yield return new TestCaseData("""[{"key":"metadata.labels.app.kubernetes.io/tier","valueIn":["web"]}]""", labels, null).SetName("Metadata_label_with_dots_and_slash");
        yield return new TestCaseData("""[{"key":"metadata.labels.missing","valueIn":["x"]}]""", labels, "metadata.labels.missing absent").SetName("Metadata_label_absent");
        yield return new TestCaseData("""[{"key":"metadata.annotations.team","valueIn":["blue"]}]""", labels, null).SetName("Metadata_annotation_matches");
        yield return new TestCaseData("""[{"key":"metadata.name","suffix":"cert"}]""", labels, null).SetName("Metadata_name");
        yield return new TestCaseData("""[{"key":"metadata.namespace","valueIn":["prod"]}]""", labels, "metadata.namespace \"default\" not in [\"prod\"]").SetName("Metadata_namespace_fails");
        yield return new TestCaseData("""[{"key":"metadata.labels.environment","valueIn":["x"]}]""", null, "metadata.labels.environment absent").SetName("Metadata_no_labels_at_all");
    }

    [TestCaseSource(nameof(MetadataCases))]
    public void Explain_FilterOnMetadata_GivesExpectedVerdict(string filters, string? metadataExtra, string? expectedReason)
    {
        var acceptApi = Compiled("p1", filters);

        acceptApi.Explain(Object("""{"fqdn":"a"}""", metadataExtra: metadataExtra)).ShouldBe(expectedReason);
    }
}
