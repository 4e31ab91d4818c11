using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Broker.Hosting.Logging;

/// <summary>
/// One JSON object per line with the keys controller-runtime's zap encoder writes, so log pipelines built for Go operators
/// read the broker too: <c>level</c> (debug, info, warn, error), <c>ts</c> (RFC 3339, UTC), <c>logger</c>, <c>msg</c>, then
/// the message's named values, <c>error</c> for an exception, and <c>trace_id</c>/<c>span_id</c> inside a traced span.
/// </summary>
internal sealed class ZapJsonFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "zap-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", Level(logEntry.LogLevel));
            json.WriteString("ts", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("logger", logEntry.Category);
            json.WriteString("msg", message);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}" && key is not ("level" or "ts" or "logger" or "msg"))
                    {
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    }
                }
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("error", exception.Message);
                json.WriteString("stacktrace", exception.ToString());
            }

            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal", // Critical: zap's level for a process that cannot go on
    };
}
