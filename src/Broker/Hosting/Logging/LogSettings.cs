using Microsoft.Extensions.Logging;

namespace Broker.Hosting.Logging;

/// <summary>What the broker logs and how: the lowest level written, and <c>text</c> (one line per entry, for people) or
/// <c>json</c> (one object per line, for log pipelines).</summary>
internal sealed record LogSettings(LogLevel Level = LogLevel.Information, bool Json = false)
{
    public const string Text = "text";
    public const string JsonFormat = "json";

    /// <summary>The level names of LOG_LEVEL, as controller-runtime's <c>--zap-log-level</c> takes them.</summary>
    public static readonly IReadOnlyDictionary<string, LogLevel> Levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["debug"] = LogLevel.Debug,
        ["info"] = LogLevel.Information,
        ["warn"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
    };
}
