using System.Text.Json.Nodes;

namespace Broker.Json.Tests;

public sealed class JsonPointerTests
{
    private const string Rfc6901Document = """{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}""";

    // RFC 6901 section 5.
    [TestCase("", """{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}""")]
    [TestCase("/foo", """["bar","baz"]""")]
    [TestCase("/foo/0", "\"bar\"")]
    [TestCase("/", "0")]
    [TestCase("/a~1b", "1")]
    [TestCase("/c%d", "2")]
    [TestCase("/e^f", "3")]
    [TestCase("/g|h", "4")]
    [TestCase("/i\\j", "5")]
    [TestCase("/k\"l", "6")]
    [TestCase("/ ", "7")]
    [TestCase("/m~0n", "8")]
    public void TryGet_RfcExample_FindsValue(string pointer, string expected)
    {
        JsonPointer.Parse(pointer).TryGet(JsonNode.Parse(Rfc6901Document), out var value).ShouldBeTrue();

        JsonEquality.DeepEquals(value, JsonNode.Parse(expected)).ShouldBeTrue();
    }

    [TestCase("/foo/2")]
    [TestCase("/foo/-")]
    [TestCase("/foo/01")]
    [TestCase("/foo/0/x")]
    [TestCase("/missing")]
    [TestCase("/a~1b/c")]
    public void TryGet_MissingLocation_ReturnsFalse(string pointer)
    {
        JsonPointer.Parse(pointer).TryGet(JsonNode.Parse(Rfc6901Document), out var value).ShouldBeFalse();
        value.ShouldBeNull();
    }

    [Test]
    public void TryGet_PresentNull_ReturnsTrueWithNull()
    {
        JsonPointer.Parse("/a").TryGet(JsonNode.Parse("""{"a":null}"""), out var value).ShouldBeTrue();
        value.ShouldBeNull();
    }

    [TestCase("a", """JSON pointer "a" must be empty or start with "/" """)]
    [TestCase("/a~", """JSON pointer "/a~" has an invalid escape: "~" must be followed by "0" or "1" """)]
    [TestCase("/~2", """JSON pointer "/~2" has an invalid escape: "~" must be followed by "0" or "1" """)]
    public void Parse_Invalid_ThrowsFormatException(string text, string message)
    {
        Should.Throw<FormatException>(() => JsonPointer.Parse(text)).Message.ShouldBe(message.TrimEnd());
        JsonPointer.TryParse(text, out var pointer).ShouldBeFalse();
        pointer.ShouldBeNull();
    }

    [Test]
    public void TryParse_Null_ReturnsFalseWithReason()
    {
        JsonPointer.TryParse(null, out _, out var error).ShouldBeFalse();
        error.ShouldBe("must be a string, got null");
    }

    [Test]
    public void FromSegments_SpecialCharacters_EscapesAndRoundTrips()
    {
        var pointer = JsonPointer.FromSegments(["metadata", "labels", "app.kubernetes.io/name", "~x"]);

        pointer.Text.ShouldBe("/metadata/labels/app.kubernetes.io~1name/~0x");
        JsonPointer.Parse(pointer.Text).ShouldBe(pointer);
        pointer.Parent.ShouldBe(JsonPointer.Parse("/metadata/labels/app.kubernetes.io~1name"));
        pointer.LastSegment.ShouldBe("~x");
        JsonPointer.Root.Append("a/b").Text.ShouldBe("/a~1b");
    }

    [TestCase("/a", "/a/b", true)]
    [TestCase("", "/a", true)]
    [TestCase("/a", "/a", false)]
    [TestCase("/a", "/ab", false)]
    [TestCase("/a/b", "/a", false)]
    public void IsProperPrefixOf_Pairs_ComparesBySegment(string prefix, string other, bool expected)
    {
        JsonPointer.Parse(prefix).IsProperPrefixOf(JsonPointer.Parse(other)).ShouldBe(expected);
    }

    [TestCase("0", 0)]
    [TestCase("10", 10)]
    [TestCase("01", -1)]
    [TestCase("-", -1)]
    [TestCase("-1", -1)]
    [TestCase("1e0", -1)]
    [TestCase("", -1)]
    [TestCase("99999999999", -1)]
    public void TryParseIndex_Segment_AcceptsOnlyCanonicalDigits(string segment, int expected)
    {
        JsonPointer.TryParseIndex(segment, out var index).ShouldBe(expected >= 0);
        if (expected >= 0)
        {
            index.ShouldBe(expected);
        }
    }
}
