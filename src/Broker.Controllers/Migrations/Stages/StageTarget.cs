using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Migrations.Stages;

/// <summary>
/// Where stage objects go (upstream's compute cluster): any Kubernetes API server or kcp workspace, by default the
/// platform workspace. Maps a template's apiVersion and kind to its resource through the server's discovery, once per
/// group version, so a Job, a ConfigMap or a CRD of the target's own all work.
/// </summary>
public sealed class StageTarget(ClusterClient client)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<JsonObject>>> _discovery = new(StringComparer.Ordinal);

    public ClusterClient Client => client;

    /// <summary>Where the target is, for messages.</summary>
    public string Describe() => client.Cluster.Value ?? client.BaseUri.ToString();

    /// <summary>The resource serving <paramref name="kind"/> of <paramref name="apiVersion"/>; throws <see cref="StageObjectException"/> when none does.</summary>
    public async Task<GroupVersionResource> ResourceAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        var slash = apiVersion.LastIndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        JsonObject document;
        try
        {
            document = await _discovery.GetOrAdd(path, p => new Lazy<Task<JsonObject>>(() => client.GetDiscoveryAsync(p, CancellationToken.None))).Value.WaitAsync(cancellationToken);
        }
        catch (NotFoundException)
        {
            _discovery.TryRemove(path, out _); // a CRD installed later is found on the next try
            throw new StageObjectException($"the stage target {Describe()} does not serve {apiVersion}");
        }
        catch (KubeApiException)
        {
            _discovery.TryRemove(path, out _);
            throw;
        }

        var resource = (document["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["kind"] == kind && (string?)r["name"] is { } name && !name.Contains('/', StringComparison.Ordinal));
        if (resource is null)
        {
            _discovery.TryRemove(path, out _);
            throw new StageObjectException($"the stage target {Describe()} serves no kind {kind} in {apiVersion}");
        }

        return new GroupVersionResource(group, version, (string)resource["name"]!, (bool?)resource["namespaced"] ?? true);
    }
}
