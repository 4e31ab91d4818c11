using System.Text;
using Broker.Runtime.Cache;

namespace Broker.Runtime.Tests.Cache;

public sealed class UnreadMetadataTests
{
    [TestCase("""{"metadata":{"uid":"u","name":"a"},"spec":{"uid":"kept"}}""", """{"metadata":{"name":"a"},"spec":{"uid":"kept"}}""")] // first, and only in metadata
    [TestCase("""{"kind":"K","metadata":{"name":"a","generation":2}}""", """{"kind":"K","metadata":{"name":"a"}}""")] // last
    [TestCase("""{"metadata":{"creationTimestamp":"t"}}""", """{"metadata":{}}""")] // the only field
    [TestCase("""{"metadata":{"name":"a","managedFields":[{"manager":"m","fieldsV1":{"f:metadata":{}}}],"labels":{"uid":"x"}},"status":{}}""",
        """{"metadata":{"name":"a","labels":{"uid":"x"}},"status":{}}""")] // nested values, and a label named like a field
    [TestCase("""{ "metadata" : { "name" : "a" , "\u0075id" : "u" , "ownerReferences" : [ {"uid":"o"} ] } , "spec" : 1 }""",
        """{ "metadata" : {"name" : "a","ownerReferences" : [ {"uid":"o"} ]} , "spec" : 1 }""")] // spaces and an escaped name
    public void Without_ServerSet_CutsExactlyThoseFieldsOfMetadata(string json, string expected)
    {
        var cut = UnreadMetadata.ServerSet.Without(Encoding.UTF8.GetBytes(json));

        Encoding.UTF8.GetString(cut.ShouldNotBeNull()).ShouldBe(expected);
    }

    [TestCase("""{"metadata":{"name":"a","uid":"u","resourceVersion":"1"},"uid":"top-level"}""")]
    [TestCase("""{"metadata":"not an object","spec":{"metadata":{"managedFields":[]}}}""")]
    [TestCase("""{"spec":{}}""")]
    [TestCase("""[]""")]
    public void Without_ManagedFieldsOnly_NothingToCut_Null(string json) =>
        UnreadMetadata.ManagedFieldsOnly.Without(Encoding.UTF8.GetBytes(json)).ShouldBeNull();
}
