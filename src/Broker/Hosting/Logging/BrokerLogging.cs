using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Broker.Hosting.Logging;

/// <summary>The broker's loggers for <c>broker run</c> and <c>broker local</c>: console, at the configured level and format.</summary>
internal static class BrokerLogging
{
    public static ILoggerFactory Create(LogSettings settings) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(settings.Level);
        if (settings.Json)
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter>(new ZapJsonFormatter(TimeProvider.System)));
            builder.AddConsole(o => o.FormatterName = ZapJsonFormatter.FormatterName);
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    });
}
