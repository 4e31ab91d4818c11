using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;

namespace Broker.Controllers.Tests.Related;

public sealed class RelatedContentTests
{
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
