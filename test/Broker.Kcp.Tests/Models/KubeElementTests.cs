using System.Text.Json;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Models;

public sealed class KubeElementTests
{
    private static readonly JsonElement Copy = JsonDocument.Parse("""
        {"metadata":{"name":"web","namespace":"default","labels":{"app":"web","n":3},"annotations":{"kcp.io/cluster":"c1"}},
         "spec":{"provider":{"cluster":"p1"},"target":null,"previous":"not an object"},
         "status":{"conditions":[{"type":"Placed","status":"True"},7,null]}}
        """).RootElement;

    [Test]
    public void WellKnownFields_ReadLikeKubeObject()
    {
        KubeElement.Name(Copy).ShouldBe("web");
        KubeElement.Namespace(Copy).ShouldBe("default");
        KubeElement.Cluster(Copy).ShouldBe("c1");
        KubeElement.Label(Copy, "app").ShouldBe("web");
    }

    [Test]
    public void AbsentOrWronglyTyped_ReadsAsAbsent()
    {
        KubeElement.Label(Copy, "n").ShouldBeNull();
        KubeElement.Label(Copy, "missing").ShouldBeNull();
        KubeElement.String(Copy, "spec", "target", "cluster").ShouldBeNull();
        KubeElement.String(Copy, "metadata", "name", "deeper").ShouldBeNull();
        KubeElement.Name(JsonDocument.Parse("[1]").RootElement).ShouldBe("");
        KubeElement.Objects(Copy, "spec", "provider").ShouldBeEmpty();
    }

    [Test]
    public void ObjectsAndObjectProperties_OnlyObjects()
    {
        KubeElement.Objects(Copy, "status", "conditions").Select(c => KubeElement.String(c, "type")).ShouldBe(["Placed"]);
        var spec = KubeElement.Property(Copy, "spec")!.Value;
        KubeElement.ObjectProperties(spec, "provider", "target", "previous", "absent").Select(p => KubeElement.String(p, "cluster")).ShouldBe(["p1"]);
    }
}
