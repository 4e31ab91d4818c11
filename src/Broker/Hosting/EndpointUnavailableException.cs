namespace Broker.Hosting;

/// <summary>The /metrics or probe endpoint could not be served (usually: its port is taken).</summary>
internal sealed class EndpointUnavailableException(string message, Exception inner) : Exception(message, inner);
