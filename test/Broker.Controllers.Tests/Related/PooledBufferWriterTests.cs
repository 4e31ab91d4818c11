using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;

namespace Broker.Controllers.Tests.Related;

public sealed class PooledBufferWriterTests
{
    [Test]
    public void Grows_KeepingWhatWasWritten()
    {
        using var buffer = new PooledBufferWriter(16);
        var first = buffer.GetSpan(10);
        "0123456789"u8.CopyTo(first);
        buffer.Advance(10);

        var more = buffer.GetSpan(5000); // past what the first array holds
        more.Length.ShouldBeGreaterThanOrEqualTo(5000);
        more[..5000].Fill((byte)'x');
        buffer.Advance(5000);

        buffer.WrittenSpan.Length.ShouldBe(5010);
        Encoding.ASCII.GetString(buffer.WrittenSpan[..12]).ShouldBe("0123456789xx");
    }

    [Test]
    public void AdvancePastTheFreeSpace_Throws()
    {
        using var buffer = new PooledBufferWriter(16);
        var free = buffer.GetSpan().Length;

        Should.Throw<InvalidOperationException>(() => buffer.Advance(free + 1)).Message.ShouldContain("past the");
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
    }

    // A Secret whose canonical content is much larger than its JSON ('+' is written escaped, six bytes each): the digest
    // is SHA-256 of exactly that canonical form, however the buffers grew.
    [Test]
    public void Digested_ContentLargerThanItsJson_DigestOfTheCanonicalForm()
    {
        var value = new string('+', 3000);
        var json = $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"plus"},"type":"Opaque","data":{"k":"{{{value}}}"}}""";
        var canonical = $$$"""{"data":{"k":"{{{string.Concat(Enumerable.Repeat("\\u002B", 3000))}}}"},"type":"Opaque"}""";
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        var digested = JsonNode.Parse(RelatedContent.Digested(Encoding.UTF8.GetBytes(json)))!.AsObject();

        ((string?)digested[RelatedContent.DigestField]).ShouldBe(expected);
        RelatedContent.Digest(JsonNode.Parse(json)!.AsObject()).ShouldBe(expected);
    }
}
