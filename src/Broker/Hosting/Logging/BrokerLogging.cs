using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Broker.Hosting.Logging;

/// <summary>The broker's loggers for <c>broker run</c> and <c>broker local</c>: console, at the configured level and format
/// (<see cref="TextLineFormatter"/> or <see cref="ZapJsonFormatter"/>; both carry the trace inside a span).</summary>
internal static class BrokerLogging
{
    public static ILoggerFactory Create(LogSettings settings) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(settings.Level);
        ConsoleFormatter formatter = settings.Json ? new ZapJsonFormatter(TimeProvider.System) : new TextLineFormatter(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(formatter));
        builder.AddConsole(o => o.FormatterName = formatter.Name);
    });
}
