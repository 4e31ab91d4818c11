using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Broker.Core.Api.Meta;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>Entry point to a kcp installation: hands out <see cref="ClusterClient"/>s for logical clusters and for
/// virtual-workspace URLs. Keeps one pooled handler per server (scheme, host, port), shared by every cluster on it.</summary>
public sealed class KcpClient : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _servers;
    private readonly KcpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _ownsServers;
    private readonly ExecCredentialSource? _exec;
    private readonly OidcTokenSource? _oidc;
    private readonly RequestRateLimiter? _limiter;

    // Per root URL (the server's, each virtual workspace endpoint's, a few per shard): its form with a trailing slash and
    // its server's HttpClient, so a view made per reconcile pass costs one Uri, not the endpoint's and its authority's too.
    private readonly ConcurrentDictionary<Uri, (Uri Root, HttpClient Http)> _roots = new();

    /// <summary>A client of the kubeconfig's server; <see cref="KcpClientOptions.RateLimit"/> applies to it and every view of it together.</summary>
    /// <exception cref="ArgumentException">The rate limit's values cannot limit (a rate that is not positive, a burst under 1).</exception>
    public KcpClient(KcpConnection connection, KcpClientOptions? options = null, TimeProvider? time = null)
        : this(connection, options ?? new KcpClientOptions(), time ?? TimeProvider.System, new(StringComparer.OrdinalIgnoreCase), ownsServers: true, new CredentialHealth(),
            new KcpClientTelemetry(), limiter: null, exec: null, oidc: null)
    {
    }

    private KcpClient(
        KcpConnection connection, KcpClientOptions options, TimeProvider time, ConcurrentDictionary<string, HttpClient> servers, bool ownsServers, CredentialHealth health,
        KcpClientTelemetry telemetry, RequestRateLimiter? limiter, ExecCredentialSource? exec, OidcTokenSource? oidc)
    {
        CredentialHealth = health;
        Telemetry = telemetry;
        _limiter = limiter ?? (ownsServers && options.RateLimit is { } limit ? new RequestRateLimiter(limit, telemetry) : null);
        Connection = connection with { Server = KcpConnection.WithTrailingSlash(connection.Server) };
        _options = options;
        _time = time;
        _servers = servers;
        _ownsServers = ownsServers;
        // Views share the owner's sources: one plugin run, and one renewal of a refresh token that may be single-use.
        _exec = exec ?? (Connection.Credentials.Exec is { } plugin ? new ExecCredentialSource(plugin, time) : null);
        _oidc = oidc ?? (Connection.Credentials.Oidc is { } provider ? new OidcTokenSource(provider, time, health.Notice) : null);
    }

    public KcpConnection Connection { get; }

    /// <summary>Whether the credential works, as the latest request found it (shared with <see cref="Observing"/> views).</summary>
    public CredentialHealth CredentialHealth { get; }

    /// <summary>Open watches and rate-limit waits of this client and its views.</summary>
    public KcpClientTelemetry Telemetry { get; }

    /// <summary>The one instance of each object name its reads share (<see cref="KcpClientOptions.Names"/>), for the names
    /// a caller keeps beside them.</summary>
    public NameTable Names => _options.Names;

    /// <summary>The workspace the kubeconfig's server URL pointed at (<c>…/clusters/&lt;path&gt;</c>).</summary>
    public ClusterClient Workspace => Cluster(Connection.Workspace
        ?? throw new InvalidOperationException($"The server URL {Connection.Server} names no workspace (/clusters/<path>)"));

    /// <summary>The configured server itself, without a <c>/clusters/</c> prefix: a plain Kubernetes API server.</summary>
    public ClusterClient Server => At(Connection.Server, default);

    /// <summary>A logical cluster by name or path on the configured server; <see cref="ClusterPath.Wildcard"/> for list/watch across all.</summary>
    public ClusterClient Cluster(ClusterPath cluster) => At(Connection.Server, cluster);

    public ClusterClient Cluster(string cluster) => Cluster(ClusterPath.Parse(cluster));

    /// <summary>Inside a virtual workspace, e.g. an APIExport endpoint URL. Only names or <c>*</c> are accepted there (kcp-api.md 4.2).</summary>
    public ClusterClient VirtualWorkspace(Uri endpoint, ClusterPath cluster)
    {
        if (!cluster.IsWildcard && !cluster.IsName)
        {
            throw new ArgumentException($"Virtual workspaces take a logical cluster name, not the path '{cluster}'", nameof(cluster));
        }

        return At(endpoint, cluster);
    }

    /// <summary>The same connections, telling <paramref name="written"/> of every object this view writes and, when given,
    /// <paramref name="writing"/> of every write before it is sent (see <see cref="KcpClientOptions.Written"/> and
    /// <see cref="KcpClientOptions.Writing"/>). Disposing the view leaves the connections to this client.</summary>
    public KcpClient Observing(
        Action<GroupVersionResource, ObjectHeader> written, Func<GroupVersionResource, string?, string, string, IDisposable>? writing = null) =>
        new(Connection, _options with { Written = written, Writing = writing }, _time, _servers, ownsServers: false, CredentialHealth, Telemetry, _limiter, _exec, _oidc);

    public void Dispose()
    {
        if (!_ownsServers)
        {
            return;
        }

        foreach (var http in _servers.Values)
        {
            http.Dispose();
        }

        _servers.Clear();
        _roots.Clear();
        _limiter?.Dispose();
        _oidc?.Dispose();
    }

    private ClusterClient At(Uri url, ClusterPath cluster)
    {
        var (root, http) = _roots.GetOrAdd(url, u => (KcpConnection.WithTrailingSlash(u), HttpFor(u)));
        return new(http, new Uri(root, cluster.RequestPrefix), cluster, _options, _time, Telemetry, _limiter);
    }

    private HttpClient HttpFor(Uri uri) => _servers.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => CreateHttp(uri));

    private HttpClient CreateHttp(Uri uri)
    {
        var handler = _options.HandlerFactory?.Invoke(uri) ?? KcpHandlerFactory.Create(Connection.Credentials, _exec is { } exec ? () => exec.Certificate : null);
        if (_exec is not null)
        {
            handler = new RenewingCredentialHandler<ExecCredential>(_exec.GetAsync, handler);
        }
        else if (_oidc is not null)
        {
            handler = new RenewingCredentialHandler<OidcToken>(_oidc.GetAsync, handler);
        }
        else if (Connection.Credentials.TokenFile is { } tokenFile)
        {
            handler = new TokenFileHandler(tokenFile, Connection.Source, _time, handler);
        }

        handler = new CredentialHealthHandler(CredentialHealth, Connection, handler);

        // Watches run for minutes: no overall timeout here; each non-watch request gets RequestTimeout instead.
        var http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Connection.Credentials is { TokenFile: null, Exec: null, Oidc: null, BearerToken: { Length: > 0 } token })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
