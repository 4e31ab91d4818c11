using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// Programmatic setup for demos and tests, without HTTP: workspaces by path, objects applied into a
/// workspace, and waiting for kcp's controllers (workspace Ready, binding Bound).
/// </summary>
public sealed class LocalKcpBootstrap(ControlPlane plane)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Creates (or finds) the workspace at an absolute path like root:org:team, creating parents, and waits for Ready.</summary>
    public async Task<LogicalClusterInfo> CreateWorkspaceAsync(string path, CancellationToken cancellationToken, string? shard = null)
    {
        var segments = path.Split(':');
        if (segments[0] != "root")
        {
            throw new ArgumentException($"workspace path must start with root: {path}", nameof(path));
        }

        var current = plane.Root;
        foreach (var segment in segments.Skip(1))
        {
            var childPath = $"{current.Path}:{segment}";
            if (plane.Clusters.TryGet(childPath) is { } existing)
            {
                current = existing;
                continue;
            }

            var workspace = new JsonObject { ["metadata"] = new JsonObject { ["name"] = segment }, ["spec"] = new JsonObject() };
            if (shard is not null)
            {
                workspace["spec"]!["location"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["name"] = shard } } };
            }

            var resource = plane.Resource(current, KcpGroups.Tenancy, "v1alpha1", "workspaces");
            if (plane.Resources.TryGet(current, resource, "", segment) is null)
            {
                plane.Resources.Create(current, resource, null, workspace);
            }

            var parent = current;
            await WaitAsync(() => ObjectMeta.GetString(plane.Resources.TryGet(parent, resource, "", segment)?.ToJsonObject(), "status", "phase") == "Ready" ? "ready" : null, cancellationToken);
            current = plane.Clusters.TryGet(childPath) ?? throw new InvalidOperationException($"workspace {childPath} is Ready but has no logical cluster");
        }

        return current;
    }

    /// <summary>Creates the object, or replaces it when it exists (an apply for setup purposes).</summary>
    public StoredObject Apply(LogicalClusterInfo cluster, JsonObject value)
    {
        var (group, version) = SplitApiVersion(ObjectMeta.GetString(value, "apiVersion") ?? "v1");
        var kind = ObjectMeta.GetString(value, "kind") ?? "";
        var resource = plane.Catalog.ForCluster(cluster).Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind)
            ?? throw new StatusException(404, "NotFound", $"no resource for {kind} in {group}/{version}");
        var ns = resource.Namespaced ? ObjectMeta.Namespace(value) : "";
        var name = ObjectMeta.Name(value);
        if (plane.Resources.TryGet(cluster, resource, ns, name) is null)
        {
            return plane.Resources.Create(cluster, resource, resource.Namespaced ? ns : null, (JsonObject)value.DeepClone());
        }

        return plane.Resources.Patch(cluster, resource, ns, name, PatchType.Merge, value.DeepClone(), null);
    }

    /// <summary>Binds an export (v1alpha2, all claims accepted) and waits until the binding is Bound.</summary>
    public async Task<JsonObject> BindAsync(LogicalClusterInfo consumer, string exportPath, string exportName, CancellationToken cancellationToken, string? bindingName = null, JsonArray? acceptedClaims = null)
    {
        var binding = new JsonObject
        {
            ["apiVersion"] = $"{KcpGroups.Apis}/v1alpha2",
            ["kind"] = "APIBinding",
            ["metadata"] = new JsonObject { ["name"] = bindingName ?? exportName },
            ["spec"] = new JsonObject
            {
                ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = exportPath, ["name"] = exportName } },
                ["permissionClaims"] = acceptedClaims ?? [],
            },
        };
        Apply(consumer, binding);
        var resource = plane.Resource(consumer, KcpGroups.Apis, "v1alpha2", "apibindings");
        return await WaitAsync(() =>
        {
            var value = plane.Resources.TryGet(consumer, resource, "", bindingName ?? exportName)?.ToJsonObject();
            return ObjectMeta.GetString(value, "status", "phase") == "Bound" ? value : null;
        }, cancellationToken);
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    private async Task<T> WaitAsync<T>(Func<T?> probe, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(Poll, plane.Time, cancellationToken);
        }
    }
}
