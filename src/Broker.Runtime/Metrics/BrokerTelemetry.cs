using System.Diagnostics;

namespace Broker.Runtime.Metrics;

/// <summary>The names under which the broker reports: its meter (every instrument is named <c>resource_broker_*</c>, the
/// prefix its documentation and dashboards use), its trace source and its OpenTelemetry service name.</summary>
public static class BrokerTelemetry
{
    public const string MeterName = "ResourceBroker";

    public const string ServiceName = "resource-broker";

    public const string ActivitySourceName = "ResourceBroker";

    /// <summary>The standard variable that turns on OTLP export of metrics and traces.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The source of the broker's own spans (one per reconcile pass); kcp requests are traced by HttpClient's
    /// own <c>System.Net.Http</c> source. Immutable: it only hands out activities to whoever listens.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
