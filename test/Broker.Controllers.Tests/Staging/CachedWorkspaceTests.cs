using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Staging;
using Broker.Kcp.Models;

namespace Broker.Controllers.Tests.Staging;

public sealed class CachedWorkspaceTests
{
    // A staging workspace as kcp shows it, deleting (the state the reconciler must still see) and Ready.
    private static JsonObject Workspace() => JsonNode.Parse("""
        {"apiVersion":"tenancy.kcp.io/v1alpha1","kind":"Workspace",
         "metadata":{"name":"staging-a-b-c","resourceVersion":"14485","uid":"db69","generation":2,"creationTimestamp":"2026-12-06T18:35:08Z",
           "deletionTimestamp":"2026-12-06T18:40:00Z","finalizers":["core.kcp.io/logicalcluster"],
           "labels":{"broker.platform-mesh.io/staging":"true","tenancy.kcp.io/phase":"Ready"},
           "annotations":{"experimental.tenancy.kcp.io/owner":"{\"username\":\"kcp-admin\"}","kcp.io/cluster":"38qt","core.kcp.io/shard":"shard-1"}},
         "spec":{"type":{"name":"universal","path":"root"},"cluster":"5r84","URL":"https://127.0.0.1:1/clusters/root:platform:staging-a-b-c"},
         "status":{"phase":"Ready","conditions":[{"type":"WorkspaceScheduled","status":"True","lastTransitionTime":"2026-12-06T18:35:08Z"}]}}
        """)!.AsObject();

    [Test]
    public void Kept_WhatTheStagingControllersRead_AndNothingElse()
    {
        var workspace = Workspace();

        var kept = Kept(workspace);

        kept.ToJsonString().ShouldBe(
            """{"apiVersion":"tenancy.kcp.io/v1alpha1","kind":"Workspace","metadata":{"name":"staging-a-b-c","resourceVersion":"14485","deletionTimestamp":"2026-12-06T18:40:00Z","annotations":{"kcp.io/cluster":"38qt"}},"spec":{"cluster":"5r84"},"status":{"phase":"Ready"}}""");
        KubeObject.Cluster(kept).ShouldBe("38qt");
    }

    [Test]
    public void Kept_NotYetScheduled_HasNoClusterAndNoPhase()
    {
        var workspace = Workspace();
        workspace["metadata"]!.AsObject().Remove("deletionTimestamp");
        workspace["spec"]!.AsObject().Remove("cluster");
        workspace.Remove("status");

        var kept = Kept(workspace);

        kept["metadata"]!.AsObject().ContainsKey("deletionTimestamp").ShouldBeFalse();
        ((string?)kept["spec"]!["cluster"]).ShouldBeNull();
        ((string?)kept["status"]!["phase"]).ShouldBeNull();
    }

    // The transform on the bytes a watch event carries, read back as a node.
    private static JsonObject Kept(JsonObject workspace) =>
        JsonNode.Parse(CachedWorkspace.Kept(JsonSerializer.SerializeToUtf8Bytes(workspace)))!.AsObject();
}
