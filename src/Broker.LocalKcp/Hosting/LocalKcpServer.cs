using System.Net;
using System.Security.Cryptography.X509Certificates;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Faults;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.VirtualWorkspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// LocalKcp: an in-memory kcp-compatible control plane served over HTTPS on 127.0.0.1 with bearer-token and
/// client-certificate authentication and kcp's authorization. Start it, read <see cref="Url"/>, <see cref="AdminToken"/> and <see cref="CaCertificate"/>,
/// or write a kubeconfig with <see cref="WriteKubeconfigAsync"/>.
/// </summary>
public sealed class LocalKcpServer : IAsyncDisposable
{
    private readonly LocalKcpOptions _options;
    private readonly ServerAddress _address = new();
    private WebApplication? _app;
    private ControlPlane? _plane;
    private ServingCertificates? _certificates;
    private TokenStore? _tokens;
    private Controllers.ControllerHost? _controllers;
    private CancellationTokenSource? _lifetime;
    private RequestDispatcher? _dispatcher;
    private DataDirectoryLock? _directoryLock;

    public LocalKcpServer(LocalKcpOptions options) => _options = options;

    /// <summary>The base URL, e.g. https://127.0.0.1:6443/ (always ends with a slash).</summary>
    public Uri Url => new(_address.BaseUrl.TrimEnd('/') + "/");

    public int Port => Url.Port;

    /// <summary>shard-admin's bearer token (system:masters: allowed everything, as kcp's shard admin).</summary>
    public string AdminToken => Tokens.AdminToken;

    /// <summary>kcp-admin's bearer token (system:kcp:admin: admin in every workspace, not masters); the kubeconfig's default user.</summary>
    public string KcpAdminToken => Tokens.KcpAdminToken;

    /// <summary>The identities of users.csv; <see cref="TokenStore.AddUser"/> adds one while running.</summary>
    public TokenStore Tokens => _tokens ?? throw NotStarted();

    public X509Certificate2 CaCertificate => _certificates?.Ca ?? throw NotStarted();

    public string CaCertificatePem => _certificates?.CaPem ?? throw NotStarted();

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Where <see cref="StartAsync"/> wrote the admin kubeconfig.</summary>
    public string KubeconfigPath => Path.Combine(_options.DataDirectory, "admin.kubeconfig");

    /// <summary>The in-memory control plane, for bootstrap helpers and tests.</summary>
    public ControlPlane ControlPlane => _plane ?? throw NotStarted();

    public FaultInjector Faults { get; private set; } = null!;

    /// <summary>Programmatic setup (workspaces, exports, bindings) without going through HTTP.</summary>
    public LocalKcpBootstrap Bootstrap => new(ControlPlane);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("LocalKcp is already started");
        }

        Directory.CreateDirectory(_options.DataDirectory);
        _directoryLock = DataDirectoryLock.Acquire(_options.DataDirectory);
        IReadOnlyList<ObjectStore>? stores = null;
        try
        {
            stores = _options.Ephemeral ? null : OpenStores();
            await StartServingAsync(stores, cancellationToken);
        }
        catch
        {
            foreach (var store in stores ?? [])
            {
                store.Dispose();
            }

            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task StartServingAsync(IReadOnlyList<ObjectStore>? stores, CancellationToken cancellationToken)
    {
        _certificates = ServingCertificates.LoadOrCreate(_options.DataDirectory, _options.TimeProvider);
        _tokens = TokenStore.LoadOrCreate(_options.DataDirectory, _options.AdminToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(_options.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestDispatcher.MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, _options.Port, listen => listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
            {
                ServerCertificate = _certificates.Serving,

                // Client certificates are optional and verified against the CA by the authentication middleware.
                ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            }));
        });
        builder.Services.AddSingleton(_tokens);
        builder.Services.AddSingleton(new ClientCertificateAuthenticator(_certificates.Ca));
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.Use((context, next) => Faults is { } f ? new FaultMiddleware(next, f, _options.TimeProvider).InvokeAsync(context) : next(context));
        app.Use((context, next) => DurableAcknowledgement.InvokeAsync(context, next, _plane));
        app.Run(context => _dispatcher!.InvokeAsync(context));
        await app.StartAsync(cancellationToken);
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address.BaseUrl = $"https://127.0.0.1:{new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port}";

        _plane = new ControlPlane(_options, _address, new SchemaObjectValidator(new CelRuleEvaluator()), stores);
        Faults = new FaultInjector(_plane.Shards, new Random());
        var api = new ApiRequestHandler(_plane.Resources, _plane.Watches, new VersionInfo(), _options.TimeProvider, new AccessReviews(_plane.Authorizer));
        _dispatcher = new RequestDispatcher(_plane, api, new FaultsEndpoint(Faults), new VirtualWorkspaceRouter(_plane, api), new Workspaces.HomeWorkspaces(_plane), new Impersonation(_plane.Authorizer),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalKcp.Authorization"));
        _lifetime = new CancellationTokenSource();
        _controllers = Controllers.ControllerHost.Start(_plane, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalKcp.Controllers"), _lifetime.Token);
        await WriteKubeconfigAsync(KubeconfigPath, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_lifetime is not null)
        {
            await _lifetime.CancelAsync();
        }

        if (_controllers is not null)
        {
            await _controllers.StopAsync();
            _controllers = null;
        }

        foreach (var shard in _plane?.Shards ?? [])
        {
            shard.Store.DropWatches();
        }

        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }

        _plane?.Dispose();
        _directoryLock?.Dispose();
        _directoryLock = null;
    }

    public Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken) =>
        KubeconfigWriter.WriteAsync(path, _address.BaseUrl, CaCertificatePem, KcpAdminToken, AdminToken, cancellationToken);

    /// <summary>A client certificate for <paramref name="user"/> (CN) in <paramref name="groups"/> (O), signed by LocalKcp's CA (PEM).</summary>
    public (string CertificatePem, string KeyPem) IssueClientCertificate(string user, IReadOnlyList<string> groups) =>
        (_certificates ?? throw NotStarted()).IssueClientCertificate(user, groups, _options.TimeProvider);

    /// <summary>An HttpClient that trusts LocalKcp's CA and sends the token (shard-admin's by default); base address = <see cref="Url"/> + <paramref name="pathPrefix"/>.</summary>
    public HttpClient CreateHttpClient(string? pathPrefix = null, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (s, c, ch, e) => CertificateTrust.TrustOnly(CaCertificate)(s, c, ch, e) },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(Url, (pathPrefix ?? "").TrimStart('/').TrimEnd('/') + (string.IsNullOrEmpty(pathPrefix) ? "" : "/")),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _lifetime?.Dispose();
        _certificates?.Dispose();
    }

    // Every shard's file is opened (and checked) before the port is bound: bad state stops the start early.
    private List<ObjectStore> OpenStores()
    {
        var folder = Path.Combine(_options.DataDirectory, "store");
        var shards = Math.Max(1, _options.Shards);
        if (File.Exists(Path.Combine(folder, Shard.NameOf(shards) + ".db")))
        {
            // Fewer shards than last time would hide every workspace scheduled on the others.
            throw new StoredStateException($"{Path.GetFullPath(folder)} holds shard {Shard.NameOf(shards)}: start with the --shards it was created with (more than {shards})");
        }

        var stores = new List<ObjectStore>();
        try
        {
            for (var i = 0; i < shards; i++)
            {
                var name = Shard.NameOf(i);
                stores.Add(ObjectStore.Open(name, Path.Combine(folder, name + ".db"), _options.WatchHistory));
            }

            return stores;
        }
        catch
        {
            stores.ForEach(s => s.Dispose());
            throw;
        }
    }

    private static InvalidOperationException NotStarted() => new("LocalKcp is not started");
}
