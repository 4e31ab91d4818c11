namespace Broker.LocalKcp.Hosting;

/// <summary>The externally visible base URL, known once Kestrel has bound its port.</summary>
public sealed class ServerAddress
{
    public string BaseUrl { get; set; } = "https://127.0.0.1:6443";
}
