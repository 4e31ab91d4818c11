using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;

namespace Broker.Demo;

/// <summary>Idempotent setup steps through the standard kcp API only (works against LocalKcp and a real kcp alike):
/// ensure a workspace, apply a manifest, bind an export. Each step creates what is missing, leaves alone what already
/// matches, and waits for kcp's controllers where the next step depends on them.</summary>
internal sealed partial class WorkspaceSetup(KcpClient client, TimeSpan readyTimeout, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);

    /// <summary>Creates <c>&lt;parent&gt;:&lt;name&gt;</c> if missing and waits until it is Ready.</summary>
    public async Task<DemoWorkspace> EnsureWorkspaceAsync(string parentPath, string name, CancellationToken cancellationToken)
    {
        var parent = client.Cluster(parentPath);
        var path = $"{parentPath}:{name}";
        var workspace = new JsonObject
        {
            ["apiVersion"] = Workspace.Resource.ApiVersion,
            ["kind"] = "Workspace",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject(),
        };
        try
        {
            await parent.CreateAsync(Workspace.Resource, null, workspace, cancellationToken);
            Log.Created(logger, "Workspace", name, parentPath);
        }
        catch (AlreadyExistsException)
        {
            // Set up by an earlier run.
        }

        var ready = await WaitAsync($"workspace {path} to become Ready", async () =>
        {
            var current = await parent.GetAsync<Workspace>(Workspace.Resource, null, name, cancellationToken);
            return current.Status.Phase == "Ready" && current.Spec.Cluster is { Length: > 0 } ? current : null;
        }, cancellationToken);
        return new DemoWorkspace(path, ready.Spec.Cluster!);
    }

    /// <summary>Creates the object, or updates it when it exists and differs from <paramref name="manifest"/>.</summary>
    public async Task<JsonObject> ApplyAsync(string clusterPath, JsonObject manifest, CancellationToken cancellationToken)
    {
        var resource = ManifestKinds.ResourceOf(manifest);
        var cluster = client.Cluster(clusterPath);
        var name = KubeObject.Name(manifest);
        var ns = resource.Namespaced ? NamespaceOf(manifest) : null;
        var created = await WaitAsync($"{resource} to be served in {clusterPath}", async () =>
        {
            try
            {
                return new Created(await cluster.CreateAsync(resource, ns, (JsonObject)manifest.DeepClone(), cancellationToken));
            }
            catch (AlreadyExistsException)
            {
                return new Created(null); // compared below
            }
            catch (NotFoundException)
            {
                return null; // a just-bound API can take a moment to be served (real kcp); the namespace may be new too
            }
        }, cancellationToken);
        if (created.Value is { } value)
        {
            Log.Created(logger, manifest["kind"]!.GetValue<string>(), name, clusterPath);
            return value;
        }

        if (resource.Resource == "apiresourceschemas")
        {
            // Immutable in kcp, and named after their content by our generator: an existing one is the same one.
            return await cluster.GetAsync(resource, ns, name, cancellationToken);
        }

        return await cluster.UpdateWithRetryAsync(resource, ns, name, existing =>
        {
            var changed = false;
            foreach (var (field, value) in manifest.Where(p => p.Key is not ("apiVersion" or "kind" or "metadata" or "status")))
            {
                if (!JsonSubset.Contains(existing[field], value))
                {
                    existing[field] = value?.DeepClone();
                    changed = true;
                }
            }

            if (changed)
            {
                Log.Updated(logger, manifest["kind"]!.GetValue<string>(), name, clusterPath);
            }

            return changed;
        }, cancellationToken);
    }

    /// <summary>Binds <paramref name="exportPath"/>:<paramref name="exportName"/> in <paramref name="clusterPath"/>,
    /// accepting every permission claim the export makes (all objects, the export's verbs), and waits until Bound.</summary>
    public async Task<ApiBinding> BindAsync(string clusterPath, string exportPath, string exportName, CancellationToken cancellationToken)
    {
        var export = await client.Cluster(exportPath).GetAsync(ApiExports, null, exportName, cancellationToken);
        var claims = new JsonArray();
        foreach (var claim in (export["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var accepted = new JsonObject
            {
                ["group"] = claim["group"]?.GetValue<string>() ?? "",
                ["resource"] = claim["resource"]?.DeepClone(),
                ["verbs"] = claim["verbs"]?.DeepClone() ?? new JsonArray("*"),
                ["selector"] = new JsonObject { ["matchAll"] = true },
                ["state"] = "Accepted",
            };
            if (claim["identityHash"]?.GetValue<string>() is { Length: > 0 } identity)
            {
                accepted["identityHash"] = identity;
            }

            claims.Add(accepted);
        }

        var binding = new JsonObject
        {
            ["apiVersion"] = ApiBinding.Resource.ApiVersion,
            ["kind"] = "APIBinding",
            ["metadata"] = new JsonObject { ["name"] = exportName },
            ["spec"] = new JsonObject
            {
                ["reference"] = new JsonObject { ["export"] = new JsonObject { ["path"] = exportPath, ["name"] = exportName } },
                ["permissionClaims"] = claims,
            },
        };
        await ApplyAsync(clusterPath, binding, cancellationToken);
        var cluster = client.Cluster(clusterPath);
        return await WaitAsync($"APIBinding {exportName} in {clusterPath} to become Bound", async () =>
        {
            var current = await cluster.GetAsync<ApiBinding>(ApiBinding.Resource, null, exportName, cancellationToken);
            return current.Status.Phase == "Bound" ? current : null;
        }, cancellationToken);
    }

    /// <summary>The outcome of a create: the stored object, or null when it already existed.</summary>
    private sealed record Created(JsonObject? Value);

    private static string NamespaceOf(JsonObject manifest) =>
        KubeObject.Namespace(manifest) is { Length: > 0 } ns ? ns : "default";

    private async Task<T> WaitAsync<T>(string what, Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = time.GetUtcNow() + readyTimeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"Waited {readyTimeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }
}
