using System.Text.Json.Nodes;
using Broker.Json.Patching;

namespace Broker.Json.Tests.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386 appendix A, verbatim.
    private static readonly string[][] RfcExamples =
    [
        ["""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}"""],
        ["""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}"""],
        ["""{"a":"b"}""", """{"a":null}""", "{}"],
        ["""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}"""],
        ["""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}"""],
        ["""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}"""],
        ["""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}"""],
        ["""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}"""],
        ["""["a","b"]""", """["c","d"]""", """["c","d"]"""],
        ["""{"a":"b"}""", """["c"]""", """["c"]"""],
        ["""{"a":"foo"}""", "null", "null"],
        ["""{"a":"foo"}""", "\"bar\"", "\"bar\""],
        ["""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}"""],
        ["""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}"""],
        ["{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}"""],
    ];

    private static IEnumerable<TestCaseData> RfcCases() =>
        RfcExamples.Select(e => new TestCaseData(e[0], e[1], e[2]).SetName($"Apply_Rfc7386({e[0]} + {e[1]})"));

    [TestCaseSource(nameof(RfcCases))]
    public void Apply_RfcExample_GivesExpected(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        JsonEquality.DeepEquals(result, JsonNode.Parse(expected)).ShouldBeTrue(result?.ToJsonString() ?? "null");
    }

    [Test]
    public void Apply_AnyInput_DoesNotMutateInputsOrShareNodes()
    {
        var target = JsonNode.Parse("""{"spec":{"a":1,"b":{"c":2}},"keep":[1]}""")!;
        var patch = JsonNode.Parse("""{"spec":{"a":null,"d":{"e":3}}}""")!;
        var targetText = target.ToJsonString();
        var patchText = patch.ToJsonString();

        var result = JsonMergePatch.Apply(target, patch)!;
        result["spec"]!["d"]!["e"] = 4;
        result["keep"]!.AsArray().Add(2);

        target.ToJsonString().ShouldBe(targetText);
        patch.ToJsonString().ShouldBe(patchText);
        result.ToJsonString().ShouldBe("""{"keep":[1,2],"spec":{"b":{"c":2},"d":{"e":4}}}""");
    }

    [Test]
    public void Apply_NullTarget_TreatsAsEmptyObject()
    {
        JsonMergePatch.Apply(null, JsonNode.Parse("""{"a":{"b":null,"c":1}}"""))!.ToJsonString().ShouldBe("""{"a":{"c":1}}""");
    }

    [Test]
    public void CreateDiff_EqualDocuments_ReturnsNull()
    {
        var original = JsonNode.Parse("""{"a":1,"b":{"c":[1,2]}}""");
        var modified = JsonNode.Parse("""{"b":{"c":[1,2.0]},"a":1.0}""");

        JsonMergePatch.CreateDiff(original, modified).ShouldBeNull();
    }

    [Test]
    public void CreateDiff_ChangedAddedAndRemovedFields_ProducesMinimalPatch()
    {
        var original = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"x":1,"list":[1],"same":{"k":true}}}""");
        var modified = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","c":"3"}},"spec":{"x":2,"list":[1,2],"same":{"k":true}},"status":{}}""");

        var diff = JsonMergePatch.CreateDiff(original, modified);

        diff!.ToJsonString().ShouldBe("""{"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"x":2,"list":[1,2]},"status":{}}""");
    }

    [Test]
    public void CreateDiff_AppliedToOriginal_GivesModified()
    {
        var original = JsonNode.Parse("""{"a":{"b":{"c":1,"d":[1]}},"e":"x","f":{"g":1}}""");
        var modified = JsonNode.Parse("""{"a":{"b":{"d":[2]}},"e":{"nested":true},"f":3}""");

        var result = JsonMergePatch.Apply(original, JsonMergePatch.CreateDiff(original, modified));

        JsonEquality.DeepEquals(result, modified).ShouldBeTrue(result!.ToJsonString());
    }

    [Test]
    public void CreateDiff_NonObjectChange_ReturnsModifiedCopy()
    {
        var modified = JsonNode.Parse("[1,2]")!;

        var diff = JsonMergePatch.CreateDiff(JsonNode.Parse("""{"a":1}"""), modified)!;

        diff.ToJsonString().ShouldBe("[1,2]");
        diff.ShouldNotBeSameAs(modified);
    }

    [Test]
    public void CreateDiff_MemberAddedAsNull_IsNoChange()
    {
        JsonMergePatch.CreateDiff(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("""{"a":1,"b":null}""")).ShouldBeNull();
    }
}
