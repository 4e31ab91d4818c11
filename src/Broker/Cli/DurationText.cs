using System.Globalization;
using System.Text.RegularExpressions;

namespace Broker.Cli;

/// <summary>Durations in the Kubernetes flag style (<c>15s</c>, <c>1m30s</c>, <c>500ms</c>, as Go's time.ParseDuration)
/// as well as .NET's <c>00:00:15</c>, which earlier releases documented.</summary>
internal static partial class DurationText
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // A bare "15" would be fifteen days to TimeSpan.Parse; only the hh:mm:ss form is taken from it.
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }

        if (text is "0" or "-0" or "+0")
        {
            return true;
        }

        var match = GoDuration().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var ticks = 0m;
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            var number = decimal.Parse(match.Groups["number"].Captures[i].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * TicksPer(match.Groups["unit"].Captures[i].Value);
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(ticks) * (match.Groups["sign"].Value == "-" ? -1 : 1));
        return true;
    }

    private static decimal TicksPer(string unit) => unit switch
    {
        "h" => TimeSpan.TicksPerHour,
        "m" => TimeSpan.TicksPerMinute,
        "s" => TimeSpan.TicksPerSecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "us" or "µs" => TimeSpan.TicksPerMicrosecond,
        _ => 0.01m, // ns: a tick is 100 ns
    };

    [GeneratedRegex(@"^(?<sign>[-+]?)(?:(?<number>\d+(?:\.\d*)?|\.\d+)(?<unit>ns|us|µs|ms|s|m|h))+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GoDuration();
}
