using Broker.Core.Api;

namespace Broker.Core.Tests.Api;

public sealed class KindNamesTests
{
    [TestCase("Certificate", "certificates")]
    [TestCase("Secret", "secrets")]
    [TestCase("Policy", "policies")]
    [TestCase("Key", "keys")]
    [TestCase("Ingress", "ingresses")]
    [TestCase("SQL", "sqls")]
    [TestCase("Box", "boxes")]
    public void Plural_Kind_IsKubernetesDefault(string kind, string plural) => KindNames.Plural(kind).ShouldBe(plural);
}
