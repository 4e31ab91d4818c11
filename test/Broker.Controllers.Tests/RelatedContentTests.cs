using System.Text;
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

        var digested = Digested(secret.ToJsonString());

        RelatedContent.IsDigested(digested).ShouldBeTrue();
        RelatedContent.IsDigested(secret).ShouldBeFalse();
        digested.ContainsKey("data").ShouldBeFalse();
        digested.ContainsKey("type").ShouldBeFalse();
        ((string?)digested["kind"]).ShouldBe("Secret");
        ((string?)digested["metadata"]!["labels"]!["owner"]).ShouldBe("abc");
        digested["metadata"]!.AsObject().Select(p => p.Key).ShouldBe(["name", "namespace", "resourceVersion", "labels", "ownerReferences"]);
        ((string?)digested["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldBe("9a0b"); // the sync compares it
        RelatedContent.Digest(digested).ShouldBe(RelatedContent.Digest(secret));
    }

    // Digests and digested forms the node-tree implementation (before the transform read bytes) gave for these objects:
    // the caches' digests, and what the sync compares them with, stay the same. Keys in other orders, escapes, non-ASCII
    // keys whose UTF-16 order differs from their UTF-8 order, numbers as written, a status (not content) and no content.
    [TestCase(
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-tls","namespace":"default","uid":"5f1c","resourceVersion":"17","generation":1,"creationTimestamp":"2026-01-02T03:04:05Z","labels":{"owner":"abc"},"annotations":{"kcp.io/cluster":"2x8ab"},"ownerReferences":[{"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","name":"web","uid":"9a0b"}],"managedFields":[{"manager":"issuer","operation":"Update"}]},"data":{"tls.key":"a2V5","tls.crt":"Y3J0"},"type":"kubernetes.io/tls"}""",
        "6aB7KEcktiIOelQt2QweShImW0E77T9bj+2dySDM6G8=",
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-tls","namespace":"default","resourceVersion":"17","labels":{"owner":"abc"},"annotations":{"kcp.io/cluster":"2x8ab"},"ownerReferences":[{"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","name":"web","uid":"9a0b"}]},"broker.platform-mesh.io/content-sha256":"6aB7KEcktiIOelQt2QweShImW0E77T9bj\u002B2dySDM6G8="}""")]
    [TestCase(
        """{"type":"Opaque","status":{"x":1},"metadata":{"name":"odd","annotations":{"a<b":"\u00e9\u003c&'"}},"stringData":{"b":"x","B":"y","\u00e9":"z","\ud83d\ude00":"emoji","\uff5a":"fullwidth z","a\"q":"quote\n"},"immutable":true,"kind":"Secret","apiVersion":"v1","numbers":[1.50,1e3,-0,0.1,12345678901234567890,null,true,{"z":[],"a":{}}]}""",
        "qBZIrHEK2cajlBElWxReFQi2+o/T/0rIFCKkWwUZwL4=",
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"odd","annotations":{"a\u003Cb":"\u00E9\u003C\u0026\u0027"}},"broker.platform-mesh.io/content-sha256":"qBZIrHEK2cajlBElWxReFQi2\u002Bo/T/0rIFCKkWwUZwL4="}""")]
    [TestCase(
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"empty"}}""",
        "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=",
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"empty"},"broker.platform-mesh.io/content-sha256":"RBNvo1WzZ4oRRq0W9\u002BhknpT7T8If536DEMBg9hyq/4o="}""")]
    public void Digest_AsTheNodeTreeImplementationGave(string json, string digest, string digested)
    {
        RelatedContent.Digest(JsonNode.Parse(json)!.AsObject()).ShouldBe(digest);

        var kept = Digested(json);

        JsonNode.DeepEquals(kept, JsonNode.Parse(digested)).ShouldBeTrue(kept.ToJsonString());
        RelatedContent.Digest(kept).ShouldBe(digest);
    }

    [Test]
    public void Digested_NotAnObject_Throws() =>
        Should.Throw<InvalidOperationException>(() => RelatedContent.Digested("""["not","a","Secret"]"""u8.ToArray()));

    private static JsonObject Digested(string json) => JsonNode.Parse(RelatedContent.Digested(Encoding.UTF8.GetBytes(json)))!.AsObject();

    private static JsonObject Secret(string name, string data, string type) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = "1" },
        ["data"] = JsonNode.Parse(data),
        ["type"] = type,
    };
}
