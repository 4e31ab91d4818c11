namespace Broker.Cel.Tests.Library;

internal sealed class NetworkExtensionTests
{
    [TestCase("isIP('10.0.0.1') && !isIP('10.0.0') && !isIP('010.0.0.1')", "true")]
    [TestCase("ip('10.0.0.1').family() == 4 && ip('fd00::1').family() == 6", "true")]
    [TestCase("cidr('10.0.0.0/8').containsIP('10.1.2.3')", "true")]
    [TestCase("cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')", "true")]
    [TestCase("cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')", "true")]
    [TestCase("string(cidr('fd00::/64').ip())", "'fd00::'")]
    [TestCase("ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')", "true")]
    [TestCase("type(ip('::1')) == net.IP", "true")]
    public void Network_Expression_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("ip('fe80::1%eth0')", "zone")]
    [TestCase("ip('::ffff:10.0.0.1')", "IPv4-mapped")]
    [TestCase("cidr('10.0.0.0/33')", "parse error")]
    public void Network_InvalidAddress_IsEvaluationError(string expression, string message) =>
        TestCel.ShouldFail(expression).Message.ShouldContain(message);
}
