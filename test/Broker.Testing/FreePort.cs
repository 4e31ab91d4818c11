using System.Net;
using System.Net.Sockets;

namespace Broker.Testing;

/// <summary>A TCP port on 127.0.0.1 nothing listens on right now, for a process the test starts to bind.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
