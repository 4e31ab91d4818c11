using KcpCerts.Issuer;

namespace Broker.Demo.Tests;

public sealed class FqdnValidatorTests
{
    [TestCase("app.internal.corp")]
    [TestCase("a")]
    [TestCase("x-1.y-2.corp.com")]
    public void Problem_DnsName_Null(string fqdn) => FqdnValidator.Problem(fqdn).ShouldBeNull();

    [TestCase(null, "required")]
    [TestCase("", "required")]
    [TestCase("App.corp.com", "not a lower-case DNS name")]
    [TestCase("-app.corp.com", "not a lower-case DNS name")]
    [TestCase("app..corp.com", "not a lower-case DNS name")]
    [TestCase("*.corp.com", "not a lower-case DNS name")]
    public void Problem_NotADnsName_SaysWhy(string? fqdn, string expected) => FqdnValidator.Problem(fqdn).ShouldNotBeNull().ShouldContain(expected);

    [Test]
    public void Problem_LongerThan253_SaysTheLimit() =>
        FqdnValidator.Problem(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))).ShouldNotBeNull().ShouldContain("at most 253");
}
