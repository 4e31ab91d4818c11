using Broker.Cel.Values;

namespace Broker.Cel.Tests.Values;

internal sealed class CelTimeFormatTests
{
    [TestCase("2024-02-29T23:59:59.123456789Z", "2024-02-29T23:59:59.123456789Z")]
    [TestCase("2024-01-01T00:00:00+01:30", "2023-12-31T22:30:00Z")]
    [TestCase("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [TestCase("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z")]
    [TestCase("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z")]
    public void TryParseTimestamp_Rfc3339_FormatsBackInUtc(string text, string formatted)
    {
        CelTimeFormat.TryParseTimestamp(text, out var nanos).ShouldBeTrue();
        CelTimestamp.TryCreate(nanos, out var timestamp).ShouldBeTrue();

        timestamp.ToString().ShouldBe(formatted);
    }

    [TestCase("2024-02-30T00:00:00Z")]
    [TestCase("2024-01-01 00:00:00Z")]
    [TestCase("2024-01-01T00:00:00")]
    [TestCase("2024-01-01T25:00:00Z")]
    [TestCase("2024-01-01T00:00:00.1234567890Z")]
    public void TryParseTimestamp_Malformed_ReturnsFalse(string text) =>
        CelTimeFormat.TryParseTimestamp(text, out _).ShouldBeFalse();

    [TestCase("1h30m", "5400s")]
    [TestCase("-1.5s", "-1.5s")]
    [TestCase("100ms", "0.1s")]
    [TestCase("1us", "0.000001s")]
    [TestCase("1µs", "0.000001s")]
    [TestCase("1ns", "0.000000001s")]
    [TestCase(".5h", "1800s")]
    [TestCase("0", "0s")]
    public void TryParseDuration_GoSyntax_FormatsAsSeconds(string text, string formatted)
    {
        CelTimeFormat.TryParseDuration(text, out var nanos).ShouldBeTrue();
        CelDuration.TryCreate(nanos, out var duration).ShouldBeTrue();

        duration.ToString().ShouldBe(formatted);
    }

    [TestCase("")]
    [TestCase("1")]
    [TestCase("1d")]
    [TestCase("h")]
    [TestCase(".h")]
    public void TryParseDuration_Malformed_ReturnsFalse(string text) =>
        CelTimeFormat.TryParseDuration(text, out _).ShouldBeFalse();
}
