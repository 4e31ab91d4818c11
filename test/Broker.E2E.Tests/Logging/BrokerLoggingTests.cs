using Broker.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace Broker.E2E.Tests.Logging;

/// <summary>LOG_LEVEL's levels decide what the broker's loggers write, in either format.</summary>
public sealed class BrokerLoggingTests
{
    [TestCase("debug", LogLevel.Debug, true)]
    [TestCase("info", LogLevel.Debug, false)]
    [TestCase("info", LogLevel.Information, true)]
    [TestCase("warn", LogLevel.Information, false)]
    [TestCase("warn", LogLevel.Warning, true)]
    [TestCase("error", LogLevel.Warning, false)]
    [TestCase("error", LogLevel.Error, true)]
    public void Create_Level_FiltersBelowIt(string level, LogLevel entry, bool written)
    {
        foreach (var json in (bool[])[false, true])
        {
            using var loggers = BrokerLogging.Create(new LogSettings(LogSettings.Levels[level], json));

            loggers.CreateLogger("Broker.Test").IsEnabled(entry).ShouldBe(written);
        }
    }
}
