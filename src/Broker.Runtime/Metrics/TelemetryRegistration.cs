using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Broker.Runtime.Metrics;

/// <summary>Wires the broker's meter and spans into OpenTelemetry: metrics for a Prometheus scrape on <c>/metrics</c>,
/// and metrics and traces over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other
/// standard <c>OTEL_*</c> variables itself).</summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddBrokerTelemetry(this IServiceCollection services, IConfiguration configuration, string meterName = BrokerTelemetry.MeterName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(BrokerTelemetry.ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(meterName, "System.Runtime") // and .NET's own: GC heap, working set, ...
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0)) // each scrape is current
            .WithTracing(tracing => tracing.AddSource(BrokerTelemetry.ActivitySourceName, "System.Net.Http"));
        if (configuration[BrokerTelemetry.OtlpEndpointVariable] is { Length: > 0 })
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>Serves the Prometheus text format on <c>/metrics</c>.</summary>
    public static WebApplication MapBrokerMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
