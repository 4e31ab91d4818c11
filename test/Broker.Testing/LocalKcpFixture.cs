using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Broker.LocalKcp.Hosting;

namespace Broker.Testing;

/// <summary>
/// Starts LocalKcp in-process on 127.0.0.1:0 with a fresh temporary data folder, for tests. Dispose stops
/// the server and deletes the folder. One fixture per test class (OneTimeSetUp) keeps suites fast.
/// </summary>
public sealed class LocalKcpFixture : IAsyncDisposable
{
    private LocalKcpFixture(LocalKcpServer server, string directory)
    {
        Server = server;
        DataDirectory = directory;
    }

    public LocalKcpServer Server { get; }

    public string DataDirectory { get; }

    /// <summary>The base URL, ending with a slash (e.g. https://127.0.0.1:40123/).</summary>
    public Uri BaseUrl => Server.Url;

    public string AdminToken => Server.AdminToken;

    public X509Certificate2 CaCertificate => Server.CaCertificate;

    public string CaCertificatePem => Server.CaCertificatePem;

    /// <summary>The admin kubeconfig LocalKcp wrote (contexts root and base).</summary>
    public string KubeconfigPath => Server.KubeconfigPath;

    public LocalKcpBootstrap Bootstrap => Server.Bootstrap;

    public static async Task<LocalKcpFixture> StartAsync(CancellationToken cancellationToken = default, Func<LocalKcpOptions, LocalKcpOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "localkcp-" + Guid.NewGuid().ToString("N")[..12]);
        var options = new LocalKcpOptions { Port = 0, DataDirectory = directory, Ephemeral = true };
        var server = new LocalKcpServer(configure?.Invoke(options) ?? options);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return new LocalKcpFixture(server, directory);
    }

    /// <summary>
    /// An HttpClient that trusts LocalKcp's CA and authenticates with the admin token (or <paramref name="token"/>).
    /// Its BaseAddress is the server URL plus <paramref name="pathPrefix"/> (e.g. "clusters/root"), ending with '/'.
    /// </summary>
    public HttpClient CreateHttpClient(string? pathPrefix = null, string? token = null) => Server.CreateHttpClient(pathPrefix, token);

    /// <summary>An HttpClient that trusts the CA but sends no credentials.</summary>
    public HttpClient CreateAnonymousHttpClient()
    {
        var client = Server.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>Adds a bearer token to a request message (for clients created elsewhere).</summary>
    public void Authenticate(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
