using System.Diagnostics.Metrics;
using Broker.Kcp.Endpoints;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Broker.Runtime.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KcpCerts.Issuer;

/// <summary>An example certificate provider for kcp. It follows its own APIExport's endpoint slice, watches
/// Certificates in every workspace that binds the export (one wildcard watch per virtual-workspace URL), and for each
/// one writes a kubernetes.io/tls Secret signed by its own CA and reports back through the status subresource.</summary>
/// <remarks>The pipeline: endpoint slice → URL set → one Certificate informer and one Secret informer per URL → caches
/// → work queue of (cluster, namespace, name) → <see cref="CertificateReconciler"/>. Events only enqueue keys;
/// the reconciler decides from the current state of the caches, so a missed or repeated event changes nothing.</remarks>
public sealed partial class CertificateIssuer
{
    private readonly IssuerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CertificateIssuer(IssuerOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _logger = _loggers.CreateLogger<CertificateIssuer>();
    }

    /// <summary>The issuing CA's certificate (PEM) once <see cref="RunAsync"/> has loaded or created it.</summary>
    public string? CaCertificatePem { get; private set; }

    /// <summary>Issues until <paramref name="cancellationToken"/> is cancelled, then stops its watches and returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var ca = CertificateAuthority.LoadOrCreate(_options.CaName, _options.DataDirectory, _time);
        CaCertificatePem = ca.CertificatePem;
        using var meter = new Meter("KcpCerts.Issuer");
        using var queue = new RateLimitingQueue<ObjectKey>(
            $"issuer-{_options.CaName}", new RateLimitingQueueOptions(), meter, _time);
        using var certificates = new ObjectStore(_options.Api.Resource);
        using var secrets = new ObjectStore(IssuerResources.Secrets);
        using var enqueueChanges = certificates.Changes.Subscribe(change => queue.Add(change.Key));

        var kcp = _options.Client;
        var informerOptions = new InformerOptions();
        var informerLogger = _loggers.CreateLogger<Informer>();
        var slices = new Informer(
            kcp.Cluster(_options.ExportWorkspacePath), ApiExportEndpointSlice.Resource,
            informerOptions with { FieldSelector = $"metadata.name={_options.ExportName}" }, _time, informerLogger);
        var urls = EndpointUrls.From(slices);
        var certificateInformers = new EndpointInformers(
            urls, url => new Informer(kcp.VirtualWorkspace(url, ClusterPath.Wildcard), _options.Api.Resource, informerOptions, _time, informerLogger),
            _loggers.CreateLogger<EndpointInformers>());

        // A Secret event wakes its Certificate, so a deleted or edited Secret is rewritten.
        var secretInformers = new EndpointInformers(
            urls, url => new Informer(
                kcp.VirtualWorkspace(url, ClusterPath.Wildcard), IssuerResources.Secrets,
                informerOptions with { LabelSelector = IssuerResources.CertificateLabel }, _time, informerLogger),
            _loggers.CreateLogger<EndpointInformers>());
        using var cacheCertificates = certificateInformers.Subscribe(e => certificates.Apply(e.Endpoint, e.Event));
        using var enqueueSecrets = secretInformers.Subscribe(e =>
        {
            secrets.Apply(e.Endpoint, e.Event);
            if (e.Event.Type != WatchEventType.Bookmark && KubeObject.Label(e.Event.Object, IssuerResources.CertificateLabel) is { Length: > 0 } owner)
            {
                queue.Add(new ObjectKey(KubeObject.Cluster(e.Event.Object), KubeObject.Namespace(e.Event.Object), owner));
            }
        });

        var reconciler = new CertificateReconciler(
            new IssuerCaches(certificates, secrets, url => secretInformers.Informers.TryGetValue(url, out var informer) && informer.HasSynced),
            kcp.VirtualWorkspace, ca, _options, _time, _loggers.CreateLogger<CertificateReconciler>());
        var controller = new Controller<ObjectKey>(
            $"issuer-{_options.CaName}", queue, reconciler, new ControllerOptions { Workers = _options.Workers }, _loggers.CreateLogger<Controller<ObjectKey>>());
        using var resync = _time.CreateTimer(_ => Resync(certificates, queue), null, _options.ResyncPeriod, _options.ResyncPeriod);

        Log.Starting(_logger, _options.CaName, _options.ExportWorkspacePath, _options.ExportName);
        slices.Start();
        try
        {
            await controller.RunAsync(cancellationToken);
        }
        finally
        {
            await slices.DisposeAsync();
            await certificateInformers.DisposeAsync();
            await secretInformers.DisposeAsync();
            Log.Stopped(_logger, _options.CaName);
        }
    }

    // Level-triggered safety net: every known Certificate gets a pass now and then, e.g. for renewals.
    private static void Resync(ObjectStore certificates, RateLimitingQueue<ObjectKey> queue)
    {
        foreach (var cached in certificates.Snapshot.All)
        {
            queue.Add(cached.Key);
        }
    }
}
