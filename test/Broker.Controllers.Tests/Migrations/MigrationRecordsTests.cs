using System.Text.Json.Nodes;
using Broker.Controllers.Migrations;
using Broker.Controllers.Placement;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Tests.Migrations;

/// <summary>A Placement's change wakes a Migration only when it records a move; most record none and are told apart
/// from their JSON alone.</summary>
public sealed class MigrationRecordsTests
{
    private static readonly Uri Platform = new("https://127.0.0.1/clusters/platform/");

    [TestCase(true, true, true)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(false, false, false)]
    public void MayRecordMove_OnlyWithATargetAndAStart(bool target, bool started, bool expected) =>
        MigrationRecords.MayRecordMove(Cached(target, started)).ShouldBe(expected);

    private static JsonObject Provider(string cluster) => new()
    {
        ["cluster"] = cluster, ["apiExportName"] = "certificates", ["acceptAPI"] = new JsonObject { ["namespace"] = "default", ["name"] = "certs" },
    };

    private static CachedObject Cached(bool target, bool started)
    {
        var placement = new JsonObject
        {
            ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
            ["kind"] = "Placement",
            ["metadata"] = new JsonObject { ["name"] = "p-1", ["resourceVersion"] = "1", ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = "platform" } },
            ["spec"] = new JsonObject
            {
                ["provider"] = Provider("p1"),
                ["target"] = target ? Provider("p2") : null,
            },
            ["status"] = new JsonObject { ["phase"] = "Placed", ["moveStarted"] = started ? "2026-12-06T19:00:00Z" : null },
        };
        using var store = new ObjectStore(PlacementRecords.Resource);
        store.Apply(Platform, new WatchEvent(WatchEventType.Added, placement));
        store.TryGet(new ObjectKey("platform", "", "p-1"), out var cached);
        return cached!;
    }
}
