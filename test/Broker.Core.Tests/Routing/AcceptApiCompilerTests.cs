using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using k8s.Models;
using static Broker.Core.Tests.Routing.RoutingFixtures;

namespace Broker.Core.Tests.Routing;

public sealed class AcceptApiCompilerTests
{
    private static IEnumerable<TestCaseData> InvalidFilters()
    {
        yield return new TestCaseData("""[{"key":"","suffix":"x"}]""", "spec.filters[0].key is empty").SetName("Compile_EmptyKey");
        yield return new TestCaseData("""[{"key":"a..b","suffix":"x"}]""", "spec.filters[0].key \"a..b\" is malformed: empty path segment").SetName("Compile_EmptySegment");
        yield return new TestCaseData("""[{"key":".fqdn","suffix":"x"}]""", "spec.filters[0].key \".fqdn\" is malformed: empty path segment").SetName("Compile_LeadingDot");
        yield return new TestCaseData("""[{"key":"fq dn","suffix":"x"}]""", "spec.filters[0].key \"fq dn\" is malformed: it contains whitespace").SetName("Compile_Whitespace");
        yield return new TestCaseData("""[{"key":"spec","suffix":"x"}]""", "spec.filters[0].key \"spec\" must name a field under spec, e.g. spec.fqdn").SetName("Compile_SpecAlone");
        yield return new TestCaseData("""[{"key":"metadata.uid","suffix":"x"}]""", "spec.filters[0].key \"metadata.uid\" names an unknown metadata field; supported: metadata.name, metadata.namespace, metadata.labels.<key>, metadata.annotations.<key>").SetName("Compile_UnknownMetadata");
        yield return new TestCaseData("""[{"key":"metadata.labels.","valueIn":["x"]}]""", "spec.filters[0].key \"metadata.labels.\" needs a label key after \"metadata.labels.\"").SetName("Compile_LabelWithoutKey");
        yield return new TestCaseData("""[{"key":"metadata.labels.-bad","valueIn":["x"]}]""", "spec.filters[0].key \"metadata.labels.-bad\" is malformed: \"-bad\" is not a valid key name (1-63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)").SetName("Compile_BadLabelKey");
        yield return new TestCaseData("""[{"key":"size","boundary":{"min":10,"max":5}}]""", "spec.filters[0] (size): boundary.min 10 is greater than boundary.max 5").SetName("Compile_MinAboveMax");
        yield return new TestCaseData("""[{"key":"size","boundary":{"min":-1}}]""", "spec.filters[0] (size): boundary.min -1 is negative; bounds are non-negative integers").SetName("Compile_NegativeMin");
        yield return new TestCaseData("""[{"key":"size"}]""", "spec.filters[0] (size): no criterion: set valueIn, boundary.min/max or suffix").SetName("Compile_NoCriterion");
        yield return new TestCaseData("""[{"key":"size","valueIn":[]}]""", "spec.filters[0] (size): no criterion: set valueIn, boundary.min/max or suffix").SetName("Compile_EmptyValueIn");
        yield return new TestCaseData("""[{"key":"fqdn","suffix":"x"},{"key":"","suffix":"y"}]""", "spec.filters[1].key is empty").SetName("Compile_SecondFilterNamed");
    }

    [TestCaseSource(nameof(InvalidFilters))]
    public void Compile_InvalidFilter_ReportsPreciseMessage(string filters, string expected)
    {
        var compilation = AcceptApiCompiler.Compile(AcceptApi("bad", filters), new ProviderIdentity("p1"));

        compilation.IsValid.ShouldBeFalse();
        compilation.Problems.ShouldBe([expected]);
    }

    [Test]
    public void Compile_SeveralProblems_ReportsAllOfThem()
    {
        var compilation = AcceptApiCompiler.Compile(AcceptApi("bad", """[{"key":""},{"key":"x","boundary":{"min":3,"max":1}}]"""), new ProviderIdentity("p1"));

        compilation.Problems.Count.ShouldBe(3);
        compilation.Message.ShouldBe("spec.filters[0].key is empty; spec.filters[0]: no criterion: set valueIn, boundary.min/max or suffix; spec.filters[1] (x): boundary.min 3 is greater than boundary.max 1");
    }

    [Test]
    public void Compile_NoMetadataOrNoName_ReportsTheMissingName()
    {
        var withoutName = AcceptApi("a") with { Metadata = new V1ObjectMeta { NamespaceProperty = "default" } };
        var withoutMetadata = System.Text.Json.JsonSerializer.Deserialize(
            """{"metadata":null,"spec":{"gvr":{"group":"","version":"v1","resource":"certificates"},"apiExportName":"certificates"}}""", Broker.Core.Api.BrokerJsonContext.Default.AcceptApi)!;

        AcceptApiCompiler.Compile(withoutName, new ProviderIdentity("p1")).Message.ShouldBe("metadata.name is required");
        AcceptApiCompiler.Compile(withoutMetadata, new ProviderIdentity("p1")).Message.ShouldBe("metadata.name is required");
    }

    [Test]
    public void Compile_NoExportName_IsInvalid()
    {
        var acceptApi = AcceptApi("a") with { Spec = AcceptApi("a").Spec with { ApiExportName = null } };

        AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity("p1")).Message
            .ShouldBe("spec.apiExportName is empty and the annotation broker.platform-mesh.io/kcp-apiexport-name is not set: the broker cannot tell which APIExport serves the objects");
    }

    [Test]
    public void Compile_ExportNameFromUpstreamAnnotation_IsAccepted()
    {
        var acceptApi = AcceptApi("a") with
        {
            Metadata = new V1ObjectMeta { Name = "a", Annotations = new Dictionary<string, string> { [BrokerGroup.ApiExportNameAnnotation] = "certs" } },
            Spec = AcceptApi("a").Spec with { ApiExportName = null },
        };

        AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity("p1")).Compiled!.ApiExportName.ShouldBe("certs");
    }

    [Test]
    public void Compile_MissingGvrFields_AreNamed()
    {
        var acceptApi = AcceptApi("a") with { Spec = AcceptApi("a").Spec with { Gvr = new GroupVersionResource { Group = "g", Version = "", Resource = "" } } };

        AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity("p1")).Problems.ShouldBe(["spec.gvr.version is empty", "spec.gvr.resource is empty"]);
    }

    [Test]
    public void Compile_AbsoluteAndRelativeKeys_AreTheSameKey()
    {
        var relative = Compiled("p1", """[{"key":"fqdn","suffix":"x"}]""").Filters[0].Key;
        var absolute = Compiled("p1", """[{"key":"spec.fqdn","suffix":"x"}]""").Filters[0].Key;

        absolute.ShouldBe(relative);
        absolute.Display.ShouldBe("spec.fqdn");
    }
}
