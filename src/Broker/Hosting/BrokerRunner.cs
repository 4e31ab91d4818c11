using System.Diagnostics.Metrics;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Kcp.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting;

/// <summary>
/// The composition root of a running broker: the brokering service plus, when addresses are given,
/// Kubernetes-style probes (<c>/healthz</c>, <c>/readyz</c>, ready once every cache synced) and
/// Prometheus metrics on <c>/metrics</c>.
/// </summary>
internal static class BrokerRunner
{
    public const string MeterName = "Broker";

    public static async Task RunAsync(
        KcpClient client, BrokerOptions options, string? metricsAddress, string? healthAddress, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var meter = new Meter(MeterName);
        using var exporter = new PrometheusExporter(MeterName);
        var broker = new BrokerService(client, options, TimeProvider.System, loggers, meter);
        await using var endpoints = await StartEndpointsAsync(broker, exporter, metricsAddress, healthAddress, cancellationToken);
        await broker.RunAsync(cancellationToken);
    }

    private static async Task<WebApplication?> StartEndpointsAsync(
        BrokerService broker, PrometheusExporter exporter, string? metricsAddress, string? healthAddress, CancellationToken cancellationToken)
    {
        var urls = new[] { metricsAddress, healthAddress }.Where(a => a is { Length: > 0 } and not "0").Select(a => ToUrl(a!)).Distinct(StringComparer.Ordinal).ToList();
        if (urls.Count == 0)
        {
            return null;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        foreach (var url in urls)
        {
            app.Urls.Add(url);
        }

        if (metricsAddress is { Length: > 0 } and not "0")
        {
            app.MapGet("/metrics", () => Results.Text(exporter.Render(), "text/plain; version=0.0.4"));
        }

        if (healthAddress is { Length: > 0 } and not "0")
        {
            app.MapGet("/healthz", () => Results.Text("ok"));
            app.MapGet("/readyz", () => broker.IsReady ? Results.Text("ok") : Results.Text("caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        await app.StartAsync(cancellationToken);
        return app;
    }

    // ":8080" (all interfaces, as controller-runtime writes it) or "host:port".
    private static string ToUrl(string address) => address.StartsWith(':') ? $"http://0.0.0.0{address}" : $"http://{address}";
}
