using System.Diagnostics;
using Broker.Hosting.Logging;
using Broker.Testing.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.E2E.Tests.Logging;

/// <summary>LOG_FORMAT=text: the simple console logger's single line, with the trace inside a span.</summary>
public sealed class TextLineFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 30, 5, TimeSpan.Zero); // the fake clock's local zone is UTC

    [Test]
    public void Write_Entry_SimpleConsoleSingleLine()
    {
        var line = Write(LogLevel.Warning, "Listing the exports again failed", new EventId(7));

        line.ShouldBe("10:30:05 warn: Broker.Test[7] Listing the exports again failed\n");
    }

    [Test]
    public void Write_InsideSpan_CarriesTraceAndSpanIdsAfterTheMessage()
    {
        using var activity = new Activity("reconcile placements").Start();

        var line = Write(LogLevel.Information, "Placing default/app");

        line.ShouldEndWith($"info: Broker.Test[0] Placing default/app trace_id={activity.TraceId.ToHexString()} span_id={activity.SpanId.ToHexString()}\n");
    }

    [Test]
    public void Write_OutsideSpan_NoTraceId() => Write(LogLevel.Information, "idle").ShouldNotContain("trace_id");

    [Test]
    public void Write_MultiLineMessageAndException_StillOneLine()
    {
        var line = Write(LogLevel.Error, "first\nsecond", exception: new InvalidOperationException("boom\nmore"));

        line.TrimEnd('\n').ShouldNotContain('\n');
        line.ShouldContain("fail: Broker.Test[0] first second System.InvalidOperationException: boom more");
    }

    [TestCase(LogLevel.Trace, "trce")]
    [TestCase(LogLevel.Debug, "dbug")]
    [TestCase(LogLevel.Critical, "crit")]
    public void Write_Level_SimpleConsoleName(LogLevel level, string expected) => Write(level, "x").ShouldContain($" {expected}: ");

    private static string Write(LogLevel level, string message, EventId eventId = default, Exception? exception = null)
    {
        var formatter = new TextLineFormatter(new FakeClock(Now));
        using var text = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Broker.Test", eventId, message, exception, (s, _) => s), null, text);
        return text.ToString();
    }
}
