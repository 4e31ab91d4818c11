using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Broker.LocalKcp.Security;

namespace Broker.Durability.Processes;

/// <summary>
/// <c>broker local --control-plane-only</c> (or, with <see cref="StartDemoAsync"/>, <c>broker local --demo</c>) in a
/// process of its own, on a fixed port and data directory, so a test can kill it with SIGKILL and start it again on
/// the same state.
/// </summary>
public sealed class LocalKcpProcess : IDisposable
{
    private readonly ChildProcess _process;

    private LocalKcpProcess(string directory, int port, string mode, string readyMarker, IEnumerable<string> extra)
    {
        (Directory, Port) = (directory, port);
        _process = new ChildProcess(
            Broker.E2E.Tests.BrokerProcess.StartInfo(["local", mode, "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory, .. extra]),
            readyMarker);
    }

    public string Directory { get; }

    public int Port { get; }

    public Uri Url => new($"https://127.0.0.1:{Port}/");

    public string Output => _process.Output;

    public int ProcessId => _process.Id;

    /// <summary>Starts LocalKcp on <paramref name="directory"/> and waits until it serves.</summary>
    public static Task<LocalKcpProcess> StartAsync(string directory, int port, CancellationToken cancellationToken) =>
        StartAsync(new LocalKcpProcess(directory, port, "--control-plane-only", "LocalKcp is serving at ", []), cancellationToken);

    /// <summary>Starts <c>broker local --demo</c> on <paramref name="directory"/> and waits until its broker brokers.</summary>
    public static Task<LocalKcpProcess> StartDemoAsync(string directory, int port, CancellationToken cancellationToken) =>
        StartAsync(new LocalKcpProcess(directory, port, "--demo", "Caches synced; brokering", ["--issue-delay", "100ms"]), cancellationToken);

    private static async Task<LocalKcpProcess> StartAsync(LocalKcpProcess process, CancellationToken cancellationToken)
    {
        try
        {
            await process._process.WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>An HttpClient that trusts this LocalKcp's CA and sends its admin token, based at <c>clusters/&lt;path&gt;/</c> or the root URL.</summary>
    public HttpClient CreateHttpClient(string? clusterPath = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Directory, "ca.crt"));
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (s, c, ch, e) => CertificateTrust.TrustOnly(ca)(s, c, ch, e) } };
        var client = new HttpClient(handler) { BaseAddress = clusterPath is null ? Url : new Uri(Url, $"clusters/{clusterPath}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Broker.LocalKcp.Security.TokenStore.LoadOrCreate(Directory, adminToken: null).AdminToken); // shard-admin, in users.csv
        client.DefaultRequestHeaders.UserAgent.ParseAdd("durability-tests");
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public Task KillAsync() => _process.KillAsync();

    public void Dispose() => _process.Dispose();
}
