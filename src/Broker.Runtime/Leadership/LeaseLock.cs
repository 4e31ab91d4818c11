using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using k8s.Models;

namespace Broker.Runtime.Leadership;

/// <summary>
/// One coordination.k8s.io/v1 Lease in one logical cluster (client-go's LeaseLock), as KubernetesClient's
/// <see cref="V1Lease"/>. It remembers the lease as last read or written, so an update carries that resourceVersion and
/// fails with <see cref="ConflictException"/> if anyone wrote since.
/// </summary>
internal sealed class LeaseLock(ClusterClient client, string ns, string name)
{
    public static readonly GroupVersionResource Leases = new(V1Lease.KubeGroup, V1Lease.KubeApiVersion, "leases");
    private V1Lease? _lease;

    /// <summary>For messages: <c>default/resource-broker in root:platform</c>.</summary>
    public string Description => $"{ns}/{name} in {client.Cluster}";

    /// <summary>The lease's record, or null when there is no lease.</summary>
    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            _lease = FromWire(await client.GetAsync(Leases, ns, name, cancellationToken));
            return LeaderElectionRecord.FromLease(_lease);
        }
        catch (NotFoundException)
        {
            _lease = null;
            return null;
        }
    }

    /// <summary>Creates the lease, and first its namespace if that is missing (then it returns true). Fails with
    /// <see cref="AlreadyExistsException"/> when another replica was quicker.</summary>
    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        var lease = new V1Lease
        {
            ApiVersion = Leases.ApiVersion,
            Kind = V1Lease.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        };
        record.ApplyTo(lease);
        try
        {
            _lease = FromWire(await client.CreateAsync(Leases, ns, ToWire(lease), cancellationToken));
            return false;
        }
        catch (NotFoundException)
        {
            // The lease was absent a moment ago, so this 404 is the namespace's.
            await CreateNamespaceAsync(cancellationToken);
            _lease = FromWire(await client.CreateAsync(Leases, ns, ToWire(lease), cancellationToken));
            return true;
        }
    }

    /// <summary>Replaces the record on the lease as last seen; <see cref="ConflictException"/> if it changed since.</summary>
    public async Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        // A copy (ApplyTo sets a new spec): the lease last read stays as it was if the update fails.
        var lease = _lease is { } read ? read with { } : throw new InvalidOperationException($"Lease {Description}: read or create it before updating it");
        record.ApplyTo(lease);
        _lease = FromWire(await client.UpdateAsync(Leases, ToWire(lease), cancellationToken));
    }

    /// <summary>The lease as sent. The package writes a time with no fraction as whole seconds, which the API server's
    /// metav1.MicroTime parser refuses (it wants six digits), so the two MicroTimes are written here.</summary>
    internal static JsonObject ToWire(V1Lease lease)
    {
        var json = KubeJson.ToNode(lease);
        if (json["spec"] is JsonObject spec)
        {
            SetMicroTime(spec, "acquireTime", lease.Spec?.AcquireTime);
            SetMicroTime(spec, "renewTime", lease.Spec?.RenewTime);
        }

        return json;
    }

    /// <summary>The lease as read. A spec someone mangled (a field of the wrong type) reads as empty rather than stopping
    /// the election: expiry is judged by when a change was observed, never by its stamps, and the next write replaces it.</summary>
    internal static V1Lease FromWire(JsonObject json)
    {
        try
        {
            return KubeJson.ToTyped<V1Lease>(json);
        }
        catch (JsonException)
        {
            var withoutSpec = (JsonObject)json.DeepClone();
            withoutSpec.Remove("spec");
            return KubeJson.ToTyped<V1Lease>(withoutSpec);
        }
    }

    private static void SetMicroTime(JsonObject spec, string field, DateTime? time)
    {
        if (time is { } value)
        {
            spec[field] = LeaderElectionRecord.FormatMicroTime(MetaTime.ToOffset(value));
        }
    }

    private async Task CreateNamespaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAsync(CoreObjects.Namespaces, null, CoreObjects.Namespace(ns), cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Another replica created it first.
        }
        catch (ForbiddenException e)
        {
            throw new InvalidOperationException($"Lease {Description}: namespace '{ns}' does not exist and creating it was refused ({e.Message}); create it, or choose another lease namespace", e);
        }
    }
}
