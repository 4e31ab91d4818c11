using System.Diagnostics.Metrics;
using Broker.Runtime.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broker.Testing.Metrics;

/// <summary>A meter of its own (a unique name, so parallel tests do not see each other's figures) served on
/// 127.0.0.1 by the broker's own OpenTelemetry wiring, and scraped over HTTP as Prometheus would.</summary>
public sealed class ScrapedMeter : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private readonly WebApplication _app;
    private readonly Uri _metrics;

    private ScrapedMeter(Meter meter, WebApplication app, Uri metrics)
    {
        Meter = meter;
        _app = app;
        _metrics = metrics;
    }

    public Meter Meter { get; }

    public static async Task<ScrapedMeter> StartAsync(CancellationToken cancellationToken = default)
    {
        var meterName = $"broker-tests.{Guid.NewGuid():N}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBrokerTelemetry(new ConfigurationBuilder().Build(), meterName);
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapBrokerMetrics();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ScrapedMeter(new Meter(meterName), app, new Uri($"{address}/metrics"));
    }

    /// <summary>The raw text of <c>/metrics</c>.</summary>
    public Task<string> ReadAsync(CancellationToken cancellationToken = default) => Http.GetStringAsync(_metrics, cancellationToken);

    /// <summary><c>/metrics</c>, parsed strictly.</summary>
    public async Task<PrometheusScrape> ScrapeAsync(CancellationToken cancellationToken = default) =>
        PrometheusText.Parse(await ReadAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Meter.Dispose();
    }
}
