using Broker.Cli;

namespace Broker.E2E.Tests.Cli;

public sealed class DurationTextTests
{
    [TestCase("15s", 15_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("500ms", 500)]
    [TestCase("1.5s", 1_500)]
    [TestCase("2h", 7_200_000)]
    [TestCase("-5s", -5_000)]
    [TestCase("0", 0)]
    [TestCase("00:00:15", 15_000)]
    [TestCase("00:10:00", 600_000)]
    [TestCase("-00:00:05", -5_000)]
    public void TryParse_GoOrDotNetDuration_Parses(string text, int milliseconds)
    {
        DurationText.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [TestCase("15")] // fifteen days to TimeSpan.Parse, a mistake in a flag
    [TestCase("")]
    [TestCase("s")]
    [TestCase("1x")]
    [TestCase("1s2")]
    [TestCase("banana")]
    public void TryParse_NotADuration_Fails(string text) => DurationText.TryParse(text, out _).ShouldBeFalse();
}
