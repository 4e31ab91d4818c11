using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Runtime.Leadership;

/// <summary>
/// One coordination.k8s.io/v1 Lease in one logical cluster (client-go's LeaseLock). It remembers the lease as last read or
/// written, so an update carries that resourceVersion and fails with <see cref="ConflictException"/> if anyone wrote since.
/// </summary>
internal sealed class LeaseLock(ClusterClient client, string ns, string name)
{
    public static readonly GroupVersionResource Leases = new("coordination.k8s.io", "v1", "leases");
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private JsonObject? _lease;

    /// <summary>For messages: <c>default/resource-broker in root:platform</c>.</summary>
    public string Description => $"{ns}/{name} in {client.Cluster}";

    /// <summary>The lease's record, or null when there is no lease.</summary>
    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            _lease = await client.GetAsync(Leases, ns, name, cancellationToken);
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
        var lease = new JsonObject
        {
            ["apiVersion"] = Leases.ApiVersion,
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        record.ApplyTo(lease);
        try
        {
            _lease = await client.CreateAsync(Leases, ns, lease, cancellationToken);
            return false;
        }
        catch (NotFoundException)
        {
            // The lease was absent a moment ago, so this 404 is the namespace's.
            await CreateNamespaceAsync(cancellationToken);
            _lease = await client.CreateAsync(Leases, ns, lease, cancellationToken);
            return true;
        }
    }

    /// <summary>Replaces the record on the lease as last seen; <see cref="ConflictException"/> if it changed since.</summary>
    public async Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        var lease = _lease?.DeepClone() as JsonObject ?? throw new InvalidOperationException($"Lease {Description}: read or create it before updating it");
        record.ApplyTo(lease);
        _lease = await client.UpdateAsync(Leases, lease, cancellationToken);
    }

    private async Task CreateNamespaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAsync(Namespaces, null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, cancellationToken);
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
