using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace KcpCerts.Issuer;

/// <summary>Brings one Certificate (in whichever logical cluster binds the export) one step closer to "a current
/// Secret exists and the status says so". It decides from the caches (the Certificate, its Secret, and the endpoint
/// URL the Certificate came through), like a controller-runtime reconciler; writes carry the resourceVersion read, so a
/// cache that is behind costs a retry, never a wrong write. Nothing is written when nothing would change.</summary>
internal sealed partial class CertificateReconciler(
    IssuerCaches caches, Func<Uri, ClusterPath, ClusterClient> clientFor, CertificateAuthority ca, IssuerOptions options,
    TimeProvider time, ILogger logger) : IReconciler<ObjectKey>
{
    private static readonly TimeSpan CacheBehind = TimeSpan.FromMilliseconds(100);

    private const string SecretConflictReason = "SecretConflict";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, InspectedSecret> _inspected = new();

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!caches.Certificates.TryGet(key, out var cached) || cached is null)
        {
            return ReconcileResult.Done; // gone, or its endpoint was retracted: nothing of ours is left to manage
        }

        var client = clientFor(cached.Endpoint, ClusterPath.Parse(key.Cluster));
        var certificate = cached.ToJsonObject();

        if (KubeObject.Metadata(certificate)?["deletionTimestamp"] is not null)
        {
            return await FinalizeAsync(client, key, certificate, cancellationToken);
        }

        if (!Finalizers(certificate).Contains(IssuerResources.Finalizer, StringComparer.Ordinal))
        {
            certificate = await OptimisticWrite.UpdateAsync(client, options.Api.Resource, certificate, AddFinalizer, status: false, cancellationToken);
        }

        var (fqdn, problem) = FqdnValidator.Read(certificate, options.Api.NameField);
        if (fqdn is null)
        {
            problem ??= $"spec.{options.Api.NameField} is required";
            Log.Rejected(logger, key, problem);
            await SetStatusAsync(client, certificate, new StatusUpdate(ProviderStatus.Failed, false, "InvalidSpec", problem), cancellationToken);
            return ReconcileResult.Done;
        }

        // The Secret watch sees only our own Secrets, and proves nothing before it has listed. When it shows none, we
        // issue and create: a create that finds a Secret (someone else's, or ours not seen yet) reads the server's copy
        // and decides from that, so no pass reads the server for the common case. A Certificate already failed on
        // someone else's Secret reads the server each pass instead, so it stays failed until that Secret goes.
        var secret = !caches.SecretsSynced(cached.Endpoint) || CertificateStatus.ReadyReason(certificate) == SecretConflictReason
            ? await client.GetOrNullAsync(IssuerResources.Secrets, key.Namespace, key.Name, cancellationToken)
            : caches.Secrets.TryGet(key, out var cachedSecret) && cachedSecret is not null ? cachedSecret.ToJsonObject() : null;
        if (secret is not null && !TlsSecret.IsOurs(secret))
        {
            return await SecretConflictAsync(client, key, certificate, cancellationToken);
        }

        if (secret is not null && CurrentUntil(secret, fqdn) is { } notAfter)
        {
            return await AvailableAsync(client, certificate, fqdn, notAfter, cancellationToken);
        }

        return await IssueAsync(client, key, certificate, secret, fqdn, cancellationToken);
    }

    /// <summary>After the simulated provisioning time, signs a certificate for <paramref name="fqdn"/> and writes (or
    /// replaces) the Secret; the status says Provisioning meanwhile and Available afterwards.</summary>
    private async Task<ReconcileResult> IssueAsync(
        ClusterClient client, ObjectKey key, JsonObject certificate, JsonObject? secret, string fqdn, CancellationToken cancellationToken)
    {
        if (options.IssueDelay > TimeSpan.Zero)
        {
            var since = CertificateStatus.ProvisioningSince(certificate);
            if (since is null)
            {
                var message = $"issuing a certificate for {fqdn} signed by {ca.Name}";
                await SetStatusAsync(client, certificate, new StatusUpdate(ProviderStatus.Provisioning, false, ProviderStatus.Provisioning, message) { RestartClock = true }, cancellationToken);
                return ReconcileResult.After(options.IssueDelay);
            }

            var remaining = since.Value + options.IssueDelay - time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                return ReconcileResult.After(remaining);
            }
        }

        var issued = ca.Issue(fqdn, options.CertificateLifetime);
        var desired = TlsSecret.Build(certificate, issued, options.Api);
        JsonObject written;
        if (secret is null)
        {
            try
            {
                written = await client.CreateAsync(IssuerResources.Secrets, key.Namespace, desired, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                // Our Secret watch sees only our own Secrets: this one is someone else's, or ours and not seen yet.
                // Either way the server's copy decides from here, not another look at the cache.
                return await client.GetOrNullAsync(IssuerResources.Secrets, key.Namespace, key.Name, cancellationToken) switch
                {
                    null => ReconcileResult.After(CacheBehind), // deleted in between: start over
                    var existing when !TlsSecret.IsOurs(existing) => await SecretConflictAsync(client, key, certificate, cancellationToken),
                    var existing when CurrentUntil(existing, fqdn) is { } current => await AvailableAsync(client, certificate, fqdn, current, cancellationToken),
                    var existing => await IssueAsync(client, key, certificate, existing, fqdn, cancellationToken),
                };
            }
        }
        else
        {
            desired["metadata"]!["resourceVersion"] = KubeObject.ResourceVersion(secret); // replace exactly what we inspected
            written = await client.UpdateAsync(IssuerResources.Secrets, desired, cancellationToken);
        }

        // What we just wrote needs no inspection when the watch brings it back: only a later change of it does.
        var notAfter = issued.NotAfter;
        _inspected[key] = new InspectedSecret(KubeObject.ResourceVersion(written) ?? "", fqdn, notAfter);
        Log.Issued(logger, key, fqdn, ca.Name, notAfter);
        await SetAvailableAsync(client, certificate, fqdn, notAfter, cancellationToken);
        return RenewAt(notAfter);
    }

    private async Task<ReconcileResult> AvailableAsync(ClusterClient client, JsonObject certificate, string fqdn, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        await SetAvailableAsync(client, certificate, fqdn, notAfter, cancellationToken);
        return RenewAt(notAfter);
    }

    private async Task<ReconcileResult> SecretConflictAsync(ClusterClient client, ObjectKey key, JsonObject certificate, CancellationToken cancellationToken)
    {
        var message = $"Secret {key.Namespace}/{key.Name} exists and was not written by {ca.Name}; delete or rename it to let the certificate be issued";
        await SetStatusAsync(client, certificate, new StatusUpdate(ProviderStatus.Failed, false, SecretConflictReason, message), cancellationToken);
        return ReconcileResult.After(TimeSpan.FromSeconds(30)); // the foreign Secret sends us no events: look again
    }

    /// <summary>The Certificate is being deleted: remove its Secret, then let it go.</summary>
    private async Task<ReconcileResult> FinalizeAsync(ClusterClient client, ObjectKey key, JsonObject certificate, CancellationToken cancellationToken)
    {
        if (!Finalizers(certificate).Contains(IssuerResources.Finalizer, StringComparer.Ordinal))
        {
            return ReconcileResult.Done;
        }

        var secret = await client.GetOrNullAsync(IssuerResources.Secrets, key.Namespace, key.Name, cancellationToken);
        if (secret is not null && TlsSecret.IsOurs(secret))
        {
            var uid = KubeObject.Metadata(secret)?["uid"]?.GetValue<string>();
            try
            {
                if (await client.DeleteAsync(IssuerResources.Secrets, key.Namespace, key.Name, new DeleteOptions { PreconditionUid = uid }, cancellationToken) is not null)
                {
                    return ReconcileResult.After(TimeSpan.FromSeconds(1)); // someone else's finalizer holds it: look again
                }
            }
            catch (NotFoundException)
            {
                // Already gone.
            }

            Log.SecretDeleted(logger, key);
            _inspected.TryRemove(key, out _);
        }

        try
        {
            await client.UpdateWithRetryAsync(options.Api.Resource, key.Namespace, key.Name, RemoveFinalizer, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Released by someone else in the meantime.
        }

        return ReconcileResult.Done;
    }

    /// <summary>The Secret's certificate expiry when it is still good for <paramref name="fqdn"/>: our signature, that
    /// name as its only DNS name, and not due for renewal. Null means "issue a new one".</summary>
    /// <remarks>Parsing and verifying a certificate costs more than the rest of a pass: the verdict is kept per Secret
    /// resourceVersion, so only a changed Secret is inspected again.</remarks>
    private DateTimeOffset? CurrentUntil(JsonObject secret, string fqdn)
    {
        var key = ObjectKey.From(secret);
        var resourceVersion = KubeObject.ResourceVersion(secret) ?? "";
        if (!_inspected.TryGetValue(key, out var inspected) || inspected.ResourceVersion != resourceVersion || inspected.Fqdn != fqdn)
        {
            inspected = new InspectedSecret(resourceVersion, fqdn, ValidUntil(secret, fqdn));
            _inspected[key] = inspected;
        }

        return inspected.ValidUntil is { } notAfter && notAfter - time.GetUtcNow() > options.RenewBefore ? notAfter : null;
    }

    /// <summary>The expiry when the Secret holds a certificate we signed for exactly <paramref name="fqdn"/>; otherwise null.</summary>
    private DateTimeOffset? ValidUntil(JsonObject secret, string fqdn)
    {
        using var certificate = TlsSecret.ReadCertificate(secret);
        if (certificate is null)
        {
            return null;
        }

        var names = TlsSecret.DnsNames(certificate);
        return names.Count == 1 && names[0] == fqdn && ca.Signed(certificate) ? TlsSecret.NotAfter(certificate) : null;
    }

    private Task SetAvailableAsync(ClusterClient client, JsonObject certificate, string fqdn, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(certificate);
        var message = $"certificate for {fqdn} issued by {ca.Name}, valid until {notAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, in Secret {key.Name}";
        var update = new StatusUpdate(ProviderStatus.Available, true, "Issued", message) { Secret = CertificateStatus.SecretReference(key.Name, key.Namespace) };
        return SetStatusAsync(client, certificate, update, cancellationToken);
    }

    /// <summary>Writes <paramref name="update"/> through the status subresource unless the status already says it.</summary>
    private async Task SetStatusAsync(ClusterClient client, JsonObject certificate, StatusUpdate update, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wrote = false;
        await OptimisticWrite.UpdateAsync(client, options.Api.Resource, certificate, current =>
        {
            wrote = CertificateStatus.Apply(current, update, now, options.Api.VendorStatus);
            return wrote;
        }, status: true, cancellationToken);
        if (wrote)
        {
            Log.StatusSet(logger, ObjectKey.From(certificate), update.Phase, update.Message);
        }
    }

    private ReconcileResult RenewAt(DateTimeOffset notAfter)
    {
        var due = notAfter - options.RenewBefore - time.GetUtcNow();
        return ReconcileResult.After(due > TimeSpan.Zero ? due : TimeSpan.FromMinutes(1));
    }

    private static IEnumerable<string> Finalizers(JsonObject obj) =>
        (KubeObject.Metadata(obj)?["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>() ?? "");

    private static bool AddFinalizer(JsonObject certificate)
    {
        if (Finalizers(certificate).Contains(IssuerResources.Finalizer, StringComparer.Ordinal))
        {
            return false;
        }

        var metadata = KubeObject.Metadata(certificate)!;
        if (metadata["finalizers"] is not JsonArray finalizers)
        {
            finalizers = [];
            metadata["finalizers"] = finalizers;
        }

        finalizers.Add(IssuerResources.Finalizer);
        return true;
    }

    private static bool RemoveFinalizer(JsonObject certificate)
    {
        if (KubeObject.Metadata(certificate)?["finalizers"] is not JsonArray finalizers
            || finalizers.FirstOrDefault(f => f?.GetValue<string>() == IssuerResources.Finalizer) is not { } ours)
        {
            return false;
        }

        finalizers.Remove(ours);
        return true;
    }
}
