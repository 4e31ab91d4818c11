using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using k8s;

namespace Broker.Kcp.Tests.Models;

public sealed class KcpModelsTests
{
    [Test]
    public void ApiBinding_FromKcpJson_ReadsUpperCaseUidAndReady()
    {
        var node = JsonNode.Parse("""
            {"apiVersion":"apis.kcp.io/v1alpha2","kind":"APIBinding",
             "metadata":{"name":"certs","annotations":{"kcp.io/cluster":"abc","kcp.io/path":"root:consumer"}},
             "spec":{"reference":{"export":{"path":"root:providers","name":"certs"}}},
             "status":{"phase":"Bound","apiExportClusterName":"xyz",
               "boundResources":[{"group":"example.io","resource":"certificates","schema":{"name":"v1.certificates.example.io","UID":"u-1","identityHash":"h"}}],
               "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
            """)!;

        var binding = KubeJson.ToTyped<ApiBinding>(node);

        binding.Metadata.Cluster.ShouldBe("abc");
        binding.Metadata.Path.ShouldBe("root:consumer");
        binding.IsReady.ShouldBeTrue();
        binding.Spec.Reference!.Export.Path.ShouldBe("root:providers");
        binding.Status.BoundResources!.ShouldHaveSingleItem().Schema!.Uid.ShouldBe("u-1");
        KubeJson.ToNode(binding)["status"]!["boundResources"]![0]!["schema"]!["UID"]!.GetValue<string>().ShouldBe("u-1");
    }

    [Test]
    public void ApiBinding_ReadyFalseOrMissing_NotReady()
    {
        var binding = new ApiBinding { Status = new ApiBinding.BindingStatus { Conditions = [new KcpCondition { Type = "Ready", Status = "False" }] } };

        binding.IsReady.ShouldBeFalse();
        new ApiBinding().IsReady.ShouldBeFalse();
    }

    [Test]
    public void Workspace_FromKcpJson_ReadsUpperCaseUrl()
    {
        var ws = KubeJson.ToTyped<Workspace>(JsonNode.Parse("""
            {"metadata":{"name":"team"},"spec":{"cluster":"2ajfg8g3b6xbqxyz","URL":"https://h:6443/clusters/root:team"},"status":{"phase":"Ready"}}
            """)!);

        ws.Spec.Url.ShouldBe(new Uri("https://h:6443/clusters/root:team"));
        ws.Spec.Cluster.ShouldBe("2ajfg8g3b6xbqxyz");
        ws.Status.Phase.ShouldBe("Ready");
    }

    [Test]
    public void EndpointSlice_FromKcpJson_ReadsEndpointUrls()
    {
        var slice = KubeJson.ToTyped<ApiExportEndpointSlice>(JsonNode.Parse("""
            {"metadata":{"name":"certs"},"spec":{"export":{"path":"root:p","name":"certs"}},
             "status":{"endpoints":[{"url":"https://s0/services/apiexport/x/certs"},{"url":"https://s1/services/apiexport/x/certs"}]}}
            """)!);

        slice.Status.Endpoints!.Select(e => e.Url.Host).ShouldBe(["s0", "s1"]);
    }

    [Test]
    public void KcpCondition_RoundTrip_KeepsSeverityAndWritesTimesAsThePackageDoes()
    {
        var node = JsonNode.Parse("""
            {"metadata":{"name":"cluster","creationTimestamp":"2026-01-02T03:04:05Z"},
             "status":{"phase":"Ready","conditions":[{"type":"Ready","status":"False","severity":"Error","reason":"Down","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
            """)!;

        var cluster = KubeJson.ToTyped<LogicalCluster>(node);
        var condition = cluster.Status.Conditions!.ShouldHaveSingleItem();
        var written = KubeJson.ToNode(cluster);

        (condition.Severity, condition.IsTrue, condition.LastTransitionTime).ShouldBe(("Error", false, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        cluster.Metadata.CreationTimestamp.ShouldBe(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        written["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe(KubernetesJson.Serialize(cluster.Metadata.CreationTimestamp).Trim('"'));
        written["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe("2026-01-02T03:04:05Z");
        JsonNode.DeepEquals(written["status"]!["conditions"]![0], node["status"]!["conditions"]![0]).ShouldBeTrue(written.ToJsonString());
    }
}
