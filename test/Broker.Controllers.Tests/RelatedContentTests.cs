using System.Text.Json.Nodes;
using Broker.Controllers.Related;

namespace Broker.Controllers.Tests;

public sealed class RelatedContentTests
{
    [Test]
    public void Digest_SameContentInAnotherOrderOrWithOtherMetadata_Equal()
    {
        var a = Secret("s", """{"tls.crt":"Y3J0","tls.key":"a2V5"}""", "kubernetes.io/tls");
        var b = JsonNode.Parse("""{"type":"kubernetes.io/tls","data":{"tls.key":"a2V5","tls.crt":"Y3J0"},"kind":"Secret","apiVersion":"v1","metadata":{"name":"other","resourceVersion":"9"}}""")!.AsObject();

        RelatedContent.Digest(a).ShouldBe(RelatedContent.Digest(b));
    }

    [TestCase("""{"tls.crt":"Y3J0","tls.key":"b3RoZXI="}""", "kubernetes.io/tls")] // one value
    [TestCase("""{"tls.crt":"Y3J0"}""", "kubernetes.io/tls")] // a key fewer
    [TestCase("""{"tls.crt":"Y3J0","tls.key":"a2V5"}""", "Opaque")] // the type
    public void Digest_OtherContent_Differs(string data, string type) =>
        RelatedContent.Digest(Secret("s", data, type)).ShouldNotBe(RelatedContent.Digest(Secret("s", """{"tls.crt":"Y3J0","tls.key":"a2V5"}""", "kubernetes.io/tls")));

    [Test]
    public void Digested_KeepsIdentityAndMetadata_DropsDataAndWhatNoReaderReads()
    {
        var secret = Secret("web-tls", """{"tls.crt":"Y3J0","tls.key":"a2V5"}""", "kubernetes.io/tls");
        secret["metadata"]!["labels"] = new JsonObject { ["owner"] = "abc" };
        secret["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "issuer" });
        secret["metadata"]!["uid"] = "5f1c";
        secret["metadata"]!["creationTimestamp"] = "2026-01-02T03:04:05Z";
        secret["metadata"]!["generation"] = 1;
        secret["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Certificate", ["name"] = "web", ["uid"] = "9a0b" });

        var digested = RelatedContent.Digested(secret);

        RelatedContent.IsDigested(digested).ShouldBeTrue();
        RelatedContent.IsDigested(secret).ShouldBeFalse();
        digested.ContainsKey("data").ShouldBeFalse();
        digested.ContainsKey("type").ShouldBeFalse();
        ((string?)digested["kind"]).ShouldBe("Secret");
        ((string?)digested["metadata"]!["labels"]!["owner"]).ShouldBe("abc");
        digested["metadata"]!.AsObject().Select(p => p.Key).ShouldBe(["name", "namespace", "resourceVersion", "labels", "ownerReferences"]);
        ((string?)digested["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldBe("9a0b"); // the sync compares it
        RelatedContent.Digest(digested).ShouldBe(RelatedContent.Digest(secret));
        secret["data"].ShouldNotBeNull(); // the original is left alone
    }

    private static JsonObject Secret(string name, string data, string type) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = "1" },
        ["data"] = JsonNode.Parse(data),
        ["type"] = type,
    };
}
