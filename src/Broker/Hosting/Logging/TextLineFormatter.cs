using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Broker.Hosting.Logging;

/// <summary>
/// LOG_FORMAT=text: one line per entry as the simple console logger's single-line mode writes it
/// (<c>HH:mm:ss info: Category[event] message</c>, an exception after it with its line breaks as spaces), plus
/// <c>trace_id=… span_id=…</c> after the message inside a traced span, so a text line leads to its trace as a json one
/// does. The simple formatter itself cannot be extended (it is internal), hence this one.
/// </summary>
internal sealed class TextLineFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "broker-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(time.GetLocalNow().ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(OneLine(message ?? ""));
        if (Activity.Current is { } activity)
        {
            textWriter.Write($" trace_id={activity.TraceId.ToHexString()} span_id={activity.SpanId.ToHexString()}");
        }

        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(OneLine(exception.ToString()));
        }

        textWriter.Write('\n');
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    // The simple console logger's four-letter levels.
    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
