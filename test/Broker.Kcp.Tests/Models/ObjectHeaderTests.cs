using System.Text;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Models;

public sealed class ObjectHeaderTests
{
    [TestCase("""{"kind":"Certificate","metadata":{"name":"web","namespace":"default","resourceVersion":"5","annotations":{"a":{"b":[1]},"kcp.io/cluster":"2ajf"}},"spec":{"metadata":{"name":"not-this"}}}""")]
    [TestCase("""{"spec":{"kind":"x"},"metadata":{"managedFields":[{"manager":"m"}],"name":"ns1","annotations":null},"kind":"Namespace"}""")]
    [TestCase("""{"metadata":{"resourceVersion":"9"}}""")]
    [TestCase("""{"metadata":{"name":null,"labels":{"kcp.io/cluster":"label-not-annotation"}}}""")]
    [TestCase("""{"metadata":7}""")]
    [TestCase("""{}""")]
    public void Read_SameAsFromTheNode(string json)
    {
        var header = ObjectHeader.Read(Encoding.UTF8.GetBytes(json));

        header.ShouldBe(ObjectHeader.Of((JsonObject)JsonNode.Parse(json)!));
        header.Key.ShouldBe(KubeObject.Key((JsonObject)JsonNode.Parse(json)!));
    }

    [Test]
    public void Read_FindsEveryField()
    {
        var header = ObjectHeader.Read("""{"kind":"Secret","metadata":{"managedFields":[],"name":"tls","namespace":"ns","resourceVersion":"12","annotations":{"kcp.io/cluster":"abc"}}}"""u8);

        header.ShouldBe(new ObjectHeader("Secret", "abc", "ns", "tls", "12", HasManagedFields: true));
        header.Key.ShouldBe("abc|ns/tls");
    }

    [TestCase("""{"metadata":{"name":5}}""", "metadata.name is a Number, not a string")]
    [TestCase("""{"metadata":{"namespace":{}}}""", "metadata.namespace is a StartObject, not a string")]
    [TestCase("""{"metadata":{"resourceVersion":true}}""", "metadata.resourceVersion is a True, not a string")]
    [TestCase("""{"metadata":{"annotations":{"kcp.io/cluster":[]}}}""", "kcp.io/cluster is a StartArray, not a string")]
    [TestCase("""{"kind":1}""", "kind is a Number, not a string")]
    [TestCase("""[1]""", "not a JSON object")]
    [TestCase("""{"metadata":{"name":"a",}""", "not valid JSON")]
    public void Read_WrongFieldType_ThrowsInvalidDataNamingIt(string json, string expected)
    {
        Should.Throw<InvalidDataException>(() => ObjectHeader.Read(Encoding.UTF8.GetBytes(json))).Message.ShouldContain(expected);
    }
}
