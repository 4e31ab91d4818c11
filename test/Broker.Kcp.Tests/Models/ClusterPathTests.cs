using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Models;

public sealed class ClusterPathTests
{
    [TestCase("root", true, "clusters/root/")]
    [TestCase("2ajfg8g3b6xbqxyz", true, "clusters/2ajfg8g3b6xbqxyz/")]
    [TestCase("root:org:ws", false, "clusters/root:org:ws/")]
    [TestCase("system:admin", true, "clusters/system:admin/")]
    [TestCase("*", false, "clusters/%2A/")]
    public void Parse_ValidValue_KnowsNameAndPrefix(string value, bool isName, string prefix)
    {
        var path = ClusterPath.Parse(value);

        path.IsName.ShouldBe(isName);
        path.RequestPrefix.ShouldBe(prefix);
        path.ToString().ShouldBe(value);
    }

    [TestCase("")]
    [TestCase("Root")]
    [TestCase("root:")]
    [TestCase("-root")]
    [TestCase("root/org")]
    public void TryParse_InvalidValue_False(string value)
    {
        ClusterPath.TryParse(value, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => ClusterPath.Parse(value));
    }

    [Test]
    public void GroupVersionResource_Paths_CoreNamespacedAndClusterScoped()
    {
        new GroupVersionResource("", "v1", "secrets").ObjectPath("ns", "s").ShouldBe("api/v1/namespaces/ns/secrets/s");
        new GroupVersionResource("example.io", "v1", "certs").CollectionPath(null).ShouldBe("apis/example.io/v1/certs");
        ApiBinding.Resource.ObjectPath("ignored", "b").ShouldBe("apis/apis.kcp.io/v1alpha2/apibindings/b");
    }
}
