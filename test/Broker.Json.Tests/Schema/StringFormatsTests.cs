using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class StringFormatsTests
{
    [TestCase("date-time", "2024-02-29T10:00:00Z")]
    [TestCase("date-time", "2024-02-29t10:00:00.5+01:00")]
    [TestCase("date-time", "2024-02-29 10:00:00z")]
    [TestCase("date", "2024-02-29")]
    [TestCase("uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")]
    [TestCase("uuid", "6BA7B8109DAD11D180B400C04FD430C8")]
    [TestCase("uuid3", "6ba7b810-9dad-31d1-80b4-00c04fd430c8")]
    [TestCase("uuid4", "6ba7b810-9dad-41d1-a0b4-00c04fd430c8")]
    [TestCase("uuid5", "6ba7b810-9dad-51d1-b0b4-00c04fd430c8")]
    [TestCase("byte", "aGVsbG8=")]
    [TestCase("byte", "")]
    [TestCase("ipv4", "10.0.0.255")]
    [TestCase("ipv6", "fe80::1")]
    [TestCase("cidr", "10.0.0.0/8")]
    [TestCase("cidr", "2001:db8::/32")]
    [TestCase("mac", "00:1a:2B:3c:4d:5e")]
    [TestCase("mac", "001a.2b3c.4d5e")]
    [TestCase("password", "anything")]
    [TestCase("int-or-string", "anything")]
    public void IsValid_WellFormed_IsTrue(string format, string text)
    {
        StringFormats.IsValid(format, text).ShouldBeTrue();
    }

    [TestCase("date-time", "2024-02-29T10:00:00")]
    [TestCase("date-time", "2024-02-30T10:00:00Z")]
    [TestCase("date-time", "2024-02-29T25:00:00Z")]
    [TestCase("date", "2024-2-29")]
    [TestCase("date", "2023-02-29")]
    [TestCase("uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c")]
    [TestCase("uuid", "zba7b810-9dad-11d1-80b4-00c04fd430c8")]
    [TestCase("uuid3", "6ba7b810-9dad-41d1-80b4-00c04fd430c8")]
    [TestCase("uuid4", "6ba7b810-9dad-41d1-c0b4-00c04fd430c8")]
    [TestCase("byte", "aGVsbG8")]
    [TestCase("byte", "not base64!")]
    [TestCase("ipv4", "10.0.0")]
    [TestCase("ipv4", "10.0.0.256")]
    [TestCase("ipv6", "10.0.0.1")]
    [TestCase("cidr", "10.0.0.0/33")]
    [TestCase("cidr", "10.0.0.0")]
    [TestCase("mac", "00:1a:2b:3c:4d")]
    public void IsValid_Malformed_IsFalse(string format, string text)
    {
        StringFormats.IsValid(format, text).ShouldBeFalse();
    }
}
