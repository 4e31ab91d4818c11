using System.Diagnostics;
using System.Text.Json.Nodes;
using Broker.Hosting.Logging;
using Broker.Testing.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.E2E.Tests.Logging;

/// <summary>LOG_FORMAT=json: one object per line with controller-runtime's zap keys, the message's values, the error, and
/// the trace inside a span.</summary>
public sealed class ZapJsonFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 30, 0, 123, TimeSpan.Zero);

    [Test]
    public void Write_Entry_OneLineWithZapKeysAndValues()
    {
        var line = Write(LogLevel.Information, "Controller {Controller} started", ["placements"]);

        line.ShouldEndWith("\n");
        line.TrimEnd('\n').ShouldNotContain('\n');
        var json = JsonNode.Parse(line)!.AsObject();
        json.Select(p => p.Key).Take(4).ShouldBe(["level", "ts", "logger", "msg"]);
        ((string?)json["level"]).ShouldBe("info");
        ((string?)json["ts"]).ShouldBe("2026-12-06T10:30:00.123Z");
        ((string?)json["logger"]).ShouldBe("Broker.Test");
        ((string?)json["msg"]).ShouldBe("Controller placements started");
        ((string?)json["Controller"]).ShouldBe("placements");
        json.ContainsKey("{OriginalFormat}").ShouldBeFalse();
        json.ContainsKey("trace_id").ShouldBeFalse();
    }

    [TestCase(LogLevel.Debug, "debug")]
    [TestCase(LogLevel.Warning, "warn")]
    [TestCase(LogLevel.Error, "error")]
    [TestCase(LogLevel.Critical, "fatal")]
    public void Write_Level_ZapName(LogLevel level, string expected) =>
        ((string?)JsonNode.Parse(Write(level, "x", []))!["level"]).ShouldBe(expected);

    [Test]
    public void Write_Exception_ErrorAndStacktrace()
    {
        var json = JsonNode.Parse(Write(LogLevel.Error, "Reconcile failed", [], new InvalidOperationException("boom \"quoted\"\nsecond line")))!;

        ((string?)json["error"]).ShouldBe("boom \"quoted\"\nsecond line");
        ((string?)json["stacktrace"]).ShouldStartWith("System.InvalidOperationException");
    }

    [Test]
    public void Write_InsideSpan_CarriesTraceAndSpanIds()
    {
        using var activity = new Activity("reconcile").Start();

        var json = JsonNode.Parse(Write(LogLevel.Information, "inside", []))!;

        ((string?)json["trace_id"]).ShouldBe(activity.TraceId.ToHexString());
        ((string?)json["span_id"]).ShouldBe(activity.SpanId.ToHexString());
    }

    private static string Write(LogLevel level, string format, object?[] args, Exception? exception = null)
    {
        var time = new FakeClock(Now);
        var formatter = new ZapJsonFormatter(time);
        var state = new FormattedState(format, args);
        using var text = new StringWriter();
        formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<FormattedState>(level, "Broker.Test", default, state, exception, (s, _) => s.ToString()), null, text);
        return text.ToString();
    }

    // What LoggerMessage-generated methods hand a logger: the named values and {OriginalFormat}.
    private sealed class FormattedState(string format, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = [.. Names(format).Zip(args, (n, a) => new KeyValuePair<string, object?>(n, a)), new("{OriginalFormat}", format)];

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Names(format).Zip(args).Aggregate(format, (text, p) => text.Replace("{" + p.First + "}", Convert.ToString(p.Second, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        private static IEnumerable<string> Names(string format) =>
            System.Text.RegularExpressions.Regex.Matches(format, @"\{(\w+)\}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups[1].Value);
    }
}
