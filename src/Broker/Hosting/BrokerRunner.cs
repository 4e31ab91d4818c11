using System.Diagnostics.Metrics;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Kcp.Http;
using Broker.Runtime.Leadership;
using Broker.Runtime.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Hosting;

/// <summary>
/// The composition root of a running broker: the brokering service plus, when addresses are given,
/// Kubernetes-style probes (<c>/healthz</c>, <c>/readyz</c>, ready once every cache synced) and
/// Prometheus metrics on <c>/metrics</c>, exported by OpenTelemetry (which also sends metrics and traces over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, endpoints or not). With leader election, the service
/// starts only once this replica holds the lease; a standby reports <c>resource_broker_leader 0</c> and counts as ready.
/// </summary>
internal static class BrokerRunner
{
    /// <summary>Runs until cancelled. With <paramref name="leaderElection"/> it throws
    /// <see cref="LeaderElectionLostException"/> when leadership is lost, so the process exits and restarts as a standby.</summary>
    public static async Task RunAsync(
        KcpClient client, BrokerOptions options, string? metricsAddress, string? healthAddress, LeaderElectionOptions? leaderElection, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        using var meter = new Meter(BrokerTelemetry.MeterName);

        // Telemetry first: a measurement made before OpenTelemetry listens (a gauge's initial 0) would be lost.
        Func<(bool Ready, string Text)> readiness = () => (false, "starting");
        var endpoints = await StartEndpointsAsync(() => readiness(), metricsAddress, healthAddress, cancellationToken);
        using var credentials = new CredentialReporting(client.CredentialHealth, meter, loggers.CreateLogger<CredentialReporting>());
        try
        {
            var broker = new BrokerService(client, options, TimeProvider.System, loggers, meter);
            if (leaderElection is null)
            {
                readiness = () => Readiness(broker, credentials);
                await broker.RunAsync(cancellationToken);
                return;
            }

            var elector = new LeaderElector(client.Cluster(options.PlatformWorkspace), leaderElection, TimeProvider.System, loggers.CreateLogger<LeaderElector>(), meter);
            readiness = () => elector.IsLeader ? Readiness(broker, credentials) : Standby(elector);
            await elector.RunAsync(broker.RunAsync, cancellationToken);
        }
        finally
        {
            await StopAsync(endpoints);
        }
    }

    // Stopping flushes the OTLP exporters before the providers go.
    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }

    // A failing credential first: nothing else works until it does.
    private static (bool Ready, string Text) Readiness(BrokerService broker, CredentialReporting credentials) =>
        credentials.Problem is { } problem ? (false, problem)
        : broker.IsReady ? (true, "ok") : (false, broker.Waiting ?? "caches not synced");

    // Like controller-runtime, whose probes know nothing of leader election: a standby is healthy and ready. Were it not
    // ready, a rolling update would wait forever for new pods that cannot lead while the old leader holds the lease.
    private static (bool Ready, string Text) Standby(LeaderElector elector) => (true, $"ok (standby; leader: {elector.Holder ?? "none"})");

    // The host of OpenTelemetry's providers, and of the endpoints when an address is given. Disposing it flushes OTLP.
    private static async Task<IHost> StartEndpointsAsync(
        Func<(bool Ready, string Text)> readiness, string? metricsAddress, string? healthAddress, CancellationToken cancellationToken)
    {
        var urls = new[] { metricsAddress, healthAddress }.Where(Serves).Select(a => ToUrl(a!)).Distinct(StringComparer.Ordinal).ToList();
        if (urls.Count == 0)
        {
            var telemetryOnly = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            telemetryOnly.Configuration.AddEnvironmentVariables();
            telemetryOnly.Services.AddBrokerTelemetry(telemetryOnly.Configuration);
            var host = telemetryOnly.Build();
            await host.StartAsync(cancellationToken);
            return host;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBrokerTelemetry(builder.Configuration);
        var app = builder.Build();
        foreach (var url in urls)
        {
            app.Urls.Add(url);
        }

        if (Serves(metricsAddress))
        {
            app.MapBrokerMetrics();
        }

        if (Serves(healthAddress))
        {
            app.MapGet("/healthz", () => Results.Text("ok"));
            app.MapGet("/readyz", () => readiness() switch
            {
                (true, var text) => Results.Text(text),
                (false, var text) => Results.Text(text, statusCode: StatusCodes.Status503ServiceUnavailable),
            });
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // Usually the port is taken: say which endpoint, not a stack trace.
            await app.DisposeAsync();
            var served = string.Join(", ", new[] { Serves(metricsAddress) ? "/metrics" : null, Serves(healthAddress) ? "/healthz and /readyz" : null }.OfType<string>());
            throw new EndpointUnavailableException($"cannot serve {served}: {e.Message}", e);
        }

        return app;
    }

    /// <summary>Whether an address option asks for an endpoint: empty or "0" disables it, as controller-runtime's flags.</summary>
    public static bool Serves([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? address) => address is { Length: > 0 } and not "0";

    // ":8080" (all interfaces, as controller-runtime writes it) or "host:port".
    private static string ToUrl(string address) => address.StartsWith(':') ? $"http://0.0.0.0{address}" : $"http://{address}";
}
