using Broker.Controllers.Naming;
using Broker.Core.Api.Meta;

namespace Broker.Controllers.Tests.Naming;

/// <summary>The names the broker gives its objects must never change between versions: objects created by an older
/// broker are found by them. Pinned to SHA-256 over the parts joined by NUL, computed independently.</summary>
public sealed class BrokerNamesTests
{
    [Test]
    public void Hash_FirstTwelveHexDigitsOfSha256()
    {
        BrokerNames.Hash("root:providers:internal-ca").ShouldBe("b01d43a68650");
        BrokerNames.Hash("").ShouldBe("e3b0c44298fc");
        BrokerNames.Hash("ünïcode ✓", new string('x', 5000)).ShouldBe("3ea84425071d");
    }

    [Test]
    public void PlacementAndStagingWorkspace_Pinned()
    {
        BrokerNames.Placement("2ajfg8", new GroupVersionResource("example.platform-mesh.io", "v1alpha1", "certificates"), "default", "app")
            .ShouldBe("p-3f734ea6f0c1dc77c06e");
        BrokerNames.StagingWorkspace("c1", "p1", "certificates").ShouldBe("staging-d0f631ca1ddb-f64551fcd6f0-f78c06aa55a0");
    }
}
