using System.CommandLine;
using Broker.Hosting.Logging;

namespace Broker.Cli;

/// <summary><c>--log-level</c> (LOG_LEVEL) and <c>--log-format</c> (LOG_FORMAT), shared by the commands that run a broker.</summary>
internal sealed class LogFlags(OptionFactory options)
{
    public Option<string> Level { get; } = options.Create(
        "--log-level", "Lowest level logged: debug, info, warn or error", ValueParsers.OneOf([.. LogSettings.Levels.Keys]), "info", "LOG_LEVEL");

    public Option<string> Format { get; } = options.Create(
        "--log-format", "text (one line per entry) or json (one object per line: ts, level, logger, msg, as controller-runtime's zap)",
        ValueParsers.OneOf(LogSettings.Text, LogSettings.JsonFormat), LogSettings.Text, "LOG_FORMAT");

    public IEnumerable<Option> All => [Level, Format];

    public LogSettings Read(ParseResult parseResult) =>
        new(LogSettings.Levels[parseResult.GetValue(Level)!], parseResult.GetValue(Format) == LogSettings.JsonFormat);
}
