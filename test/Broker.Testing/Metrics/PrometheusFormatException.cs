namespace Broker.Testing.Metrics;

/// <summary>A scrape that breaks the Prometheus text format; the message names the line.</summary>
public sealed class PrometheusFormatException(string message) : FormatException(message);
