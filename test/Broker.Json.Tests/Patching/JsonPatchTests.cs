using System.Text.Json.Nodes;
using Broker.Json.Patching;

namespace Broker.Json.Tests.Patching;

public sealed class JsonPatchTests
{
    [TestCase("""{"spec":{"a":1}}""", """[{"op":"test","path":"/spec/a","value":1},{"op":"add","path":"/spec/b","value":2},{"op":"remove","path":"/spec/x"}]""",
        """operation 2 (remove): path "/spec/x" does not exist""", 2, "remove", "/spec/x")]
    [TestCase("""{"q":{}}""", """[{"op":"add","path":"/a/b","value":1}]""", """operation 0 (add): path "/a/b": parent "/a" does not exist""", 0, "add", "/a/b")]
    [TestCase("""{"a":"s"}""", """[{"op":"add","path":"/a/b","value":1}]""", """operation 0 (add): path "/a/b": parent "/a" is a string, not an object or array""", 0, "add", "/a/b")]
    [TestCase("""{"a":[1,2]}""", """[{"op":"add","path":"/a/3","value":1}]""", """operation 0 (add): path "/a/3": index 3 is out of range for an array of length 2""", 0, "add", "/a/3")]
    [TestCase("""{"a":[1,2]}""", """[{"op":"add","path":"/a/01","value":1}]""", """operation 0 (add): path "/a/01": "01" is not a valid array index""", 0, "add", "/a/01")]
    [TestCase("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/-"}]""", """operation 0 (remove): path "/a/-" does not exist""", 0, "remove", "/a/-")]
    [TestCase("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/2","value":0}]""", """operation 0 (replace): path "/a/2": index 2 is out of range for an array of length 2""", 0, "replace", "/a/2")]
    [TestCase("{}", """[{"op":"remove","path":""}]""", """operation 0 (remove): path "": cannot remove the whole document""", 0, "remove", "")]
    [TestCase("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""", """operation 0 (move): path "/a/b/c": cannot move "/a" into its own child""", 0, "move", "/a/b/c")]
    [TestCase("{}", """[{"op":"move","from":"/x","path":"/y"}]""", """operation 0 (move): from "/x" does not exist""", 0, "move", "/y")]
    [TestCase("{}", """[{"op":"move","from":"/x","path":"/x"}]""", """operation 0 (move): from "/x" does not exist""", 0, "move", "/x")]
    [TestCase("{}", """[{"op":"copy","from":"/x/0","path":"/y"}]""", """operation 0 (copy): from "/x/0" does not exist""", 0, "copy", "/y")]
    [TestCase("""{"a":"1"}""", """[{"op":"test","path":"/a","value":1}]""", """operation 0 (test): path "/a": test failed: value is "1", expected 1""", 0, "test", "/a")]
    [TestCase("{}", """[{"op":"test","path":"/a","value":null}]""", """operation 0 (test): path "/a" does not exist""", 0, "test", "/a")]
    public void Apply_FailingOperation_ThrowsNamingIndexOpAndPath(string doc, string patch, string message, int index, string op, string path)
    {
        var parsed = JsonPatch.Parse(JsonNode.Parse(patch));

        var exception = Should.Throw<JsonPatchException>(() => parsed.Apply(JsonNode.Parse(doc)));

        exception.Message.ShouldBe(message);
        exception.OperationIndex.ShouldBe(index);
        exception.Operation.ShouldBe(op);
        exception.Path.ShouldBe(path);
    }

    [TestCase("{}", "a JSON patch must be an array of operations, got an object")]
    [TestCase("null", "a JSON patch must be an array of operations, got null")]
    [TestCase("[1]", "operation 0: must be an object, got a number")]
    [TestCase("""[{"path":"/a"}]""", """operation 0: missing "op" """)]
    [TestCase("""[{"op":true,"path":"/a"}]""", """operation 0: "op" must be a string, got a boolean""")]
    [TestCase("""[{"op":"spam","path":"/a"}]""", """operation 0 (spam): path "/a": unknown op "spam", expected add, remove, replace, move, copy or test""")]
    [TestCase("""[{"op":"remove"}]""", """operation 0 (remove): missing "path" """)]
    [TestCase("""[{"op":"remove","path":null}]""", """operation 0 (remove): "path" must be a string, got null""")]
    [TestCase("""[{"op":"remove","path":"a"}]""", """operation 0 (remove): path "a" must be empty or start with "/" """)]
    [TestCase("""[{"op":"remove","path":"/a~2"}]""", """operation 0 (remove): path "/a~2" has an invalid escape: "~" must be followed by "0" or "1" """)]
    [TestCase("""[{"op":"add","path":"/a"}]""", """operation 0 (add): path "/a": missing "value" """)]
    [TestCase("""[{"op":"remove","path":"/a"},{"op":"move","path":"/a"}]""", """operation 1 (move): path "/a": missing "from" """)]
    [TestCase("""[{"op":"copy","path":"/a","from":7}]""", """operation 0 (copy): path "/a": "from" must be a string, got a number""")]
    [TestCase("""[{"op":"copy","path":"/a","from":"b"}]""", """operation 0 (copy): path "/a": from "b" must be empty or start with "/" """)]
    public void Parse_MalformedPatch_ThrowsWithReason(string patch, string message)
    {
        var exception = Should.Throw<JsonPatchException>(() => JsonPatch.Parse(JsonNode.Parse(patch)));

        exception.Message.ShouldBe(message.TrimEnd());
    }

    [Test]
    public void Constructor_OperationWithoutValue_ThrowsNamingIndex()
    {
        var exception = Should.Throw<JsonPatchException>(() => new JsonPatch([new JsonPatchOperation(JsonPatchOperationType.Replace, JsonPointer.Parse("/a"))]));

        exception.Message.ShouldBe("""operation 0 (replace): path "/a": missing "value" """.TrimEnd());
    }

    [Test]
    public void Apply_KubernetesStylePatch_EditsCopyOnly()
    {
        var doc = JsonNode.Parse("""{"metadata":{"labels":{"app.kubernetes.io/name":"x"},"finalizers":["a","b"]},"spec":{"replicas":1}}""")!;
        var before = doc.ToJsonString();
        var patch = JsonPatch.Parse(JsonNode.Parse("""
            [
              {"op":"replace","path":"/spec/replicas","value":3},
              {"op":"remove","path":"/metadata/labels/app.kubernetes.io~1name"},
              {"op":"add","path":"/metadata/finalizers/-","value":"c"},
              {"op":"remove","path":"/metadata/finalizers/0"},
              {"op":"copy","from":"/spec","path":"/status"},
              {"op":"move","from":"/status/replicas","path":"/status/ready"}
            ]
            """));

        var result = patch.Apply(doc)!;

        result.ToJsonString().ShouldBe("""{"metadata":{"labels":{},"finalizers":["b","c"]},"spec":{"replicas":3},"status":{"ready":3}}""");
        doc.ToJsonString().ShouldBe(before);
    }

    [Test]
    public void Apply_SamePatchTwice_YieldsIndependentResults()
    {
        var patch = JsonPatch.Parse(JsonNode.Parse("""[{"op":"add","path":"/a","value":{"b":[1]}}]"""));

        var first = patch.Apply(new JsonObject())!;
        first["a"]!["b"]!.AsArray().Add(2);
        var second = patch.Apply(new JsonObject())!;

        second.ToJsonString().ShouldBe("""{"a":{"b":[1]}}""");
    }

    [Test]
    public void Apply_InParallel_GivesSameResult()
    {
        var patch = JsonPatch.Parse(JsonNode.Parse("""[{"op":"add","path":"/a","value":{"b":[1,{"c":2}]}},{"op":"copy","from":"/a","path":"/d"}]"""));
        var target = JsonNode.Parse("""{"x":1}""");

        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => patch.Apply(target)!.ToJsonString()).Distinct().ToList();

        results.ShouldBe(["""{"x":1,"a":{"b":[1,{"c":2}]},"d":{"b":[1,{"c":2}]}}"""]);
    }

    [Test]
    public void Parse_ValueLaterMutatedByCaller_PatchKeepsOriginal()
    {
        var document = JsonNode.Parse("""[{"op":"add","path":"/a","value":{"b":1}}]""")!;
        var patch = JsonPatch.Parse(document);

        document[0]!["value"]!["b"] = 2;

        patch.Apply(new JsonObject())!.ToJsonString().ShouldBe("""{"a":{"b":1}}""");
    }

    [Test]
    public void Apply_NullValue_AddsJsonNull()
    {
        var patch = JsonPatch.Parse(JsonNode.Parse("""[{"op":"add","path":"/a","value":null},{"op":"test","path":"/a","value":null}]"""));

        patch.Apply(new JsonObject())!.ToJsonString().ShouldBe("""{"a":null}""");
    }

    [Test]
    public void Operations_ParsedPatch_ExposesOpsPointersAndValues()
    {
        var patch = JsonPatch.Parse(JsonNode.Parse("""[{"op":"move","from":"/a~1b","path":"/c"},{"op":"test","path":"/c","value":[1]}]"""));

        patch.Operations.Count.ShouldBe(2);
        patch.Operations[0].Op.ShouldBe(JsonPatchOperationType.Move);
        patch.Operations[0].From!.Segments.ShouldBe(["a/b"]);
        patch.Operations[0].Value.ShouldBeNull();
        patch.Operations[1].Name.ShouldBe("test");
        patch.Operations[1].Value!.Value.GetRawText().ShouldBe("[1]");
    }
}
