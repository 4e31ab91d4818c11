using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Controllers;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIExport: creates the identity Secret kcp-system/&lt;export&gt; and spec.identity.secretRef, then
/// status.identityHash = sha256(key) with IdentityValid, and the default APIExportEndpointSlice of the
/// same name (unless annotated apiexports.apis.kcp.io/skip-endpointslice).
/// </summary>
internal sealed class ApiExportController(ControlPlane plane) : Controller
{
    private const string IdentityNamespace = "kcp-system";

    public override StorageKey Primary { get; } = new(KcpGroups.Apis, "apiexports");

    public override Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken)
    {
        var resource = plane.Resource(cluster, KcpGroups.Apis, "v1alpha2", "apiexports");
        if (plane.Resources.TryGet(cluster, resource, "", name) is not { } stored)
        {
            return Task.FromResult<TimeSpan?>(null);
        }

        var export = stored.ToJsonObject();
        var secretRef = export["spec"]?["identity"]?["secretRef"] as JsonObject;
        if (secretRef is null)
        {
            EnsureIdentitySecret(cluster, name);
            var identity = ObjectMeta.Child(ObjectMeta.Child(export, "spec"), "identity");
            identity["secretRef"] = new JsonObject { ["namespace"] = IdentityNamespace, ["name"] = name };
            plane.Resources.Update(cluster, resource, "", name, export, null, @internal: true);
            return Task.FromResult<TimeSpan?>(null);
        }

        var key = ReadKey(cluster, ObjectMeta.GetString(secretRef, "namespace") ?? IdentityNamespace, ObjectMeta.GetString(secretRef, "name") ?? name);
        var status = ObjectMeta.Child(export, "status");
        var now = plane.Time.GetUtcNow();
        if (key is null)
        {
            status["conditions"] = new JsonArray(Conditions.Make(status["conditions"], "IdentityValid", false, "IdentityVerificationFailed", "identity secret not found", now));
        }
        else
        {
            status["identityHash"] ??= KcpHashes.IdentityHash(key);
            status["conditions"] = new JsonArray(Conditions.Make(status["conditions"], "IdentityValid", true, null, null, now));
        }

        plane.Resources.Update(cluster, resource, "", name, export, null, @internal: true);
        if (ObjectMeta.Annotation(export, KcpGroups.SkipEndpointSliceAnnotation) is null)
        {
            EnsureEndpointSlice(cluster, name, ObjectMeta.GetString(export, "metadata", "uid") ?? "");
        }

        return Task.FromResult<TimeSpan?>(null);
    }

    private void EnsureIdentitySecret(LogicalClusterInfo cluster, string name)
    {
        var namespaces = plane.Resource(cluster, "", "v1", "namespaces");
        if (plane.Resources.TryGet(cluster, namespaces, "", IdentityNamespace) is null)
        {
            plane.Resources.Create(cluster, namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = IdentityNamespace } }, @internal: true);
        }

        var secrets = plane.Resource(cluster, "", "v1", "secrets");
        if (plane.Resources.TryGet(cluster, secrets, IdentityNamespace, name) is null)
        {
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            plane.Resources.Create(cluster, secrets, IdentityNamespace, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = IdentityNamespace },
                ["type"] = "Opaque",
                ["data"] = new JsonObject { ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key)) },
            }, @internal: true);
        }
    }

    private string? ReadKey(LogicalClusterInfo cluster, string @namespace, string name)
    {
        var secrets = plane.Resource(cluster, "", "v1", "secrets");
        var data = plane.Resources.TryGet(cluster, secrets, @namespace, name)?.ToJsonObject();
        return ObjectMeta.GetString(data, "data", "key") is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null;
    }

    private void EnsureEndpointSlice(LogicalClusterInfo cluster, string name, string uid)
    {
        var slices = plane.Resource(cluster, KcpGroups.Apis, "v1alpha1", "apiexportendpointslices");
        if (plane.Resources.TryGet(cluster, slices, "", name) is not null)
        {
            return;
        }

        plane.Resources.Create(cluster, slices, null, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = $"{KcpGroups.Apis}/v1alpha1",
                    ["kind"] = "APIExport",
                    ["name"] = name,
                    ["uid"] = uid,
                }),
            },
            ["spec"] = new JsonObject { ["export"] = new JsonObject { ["path"] = cluster.Path, ["name"] = name } },
        }, @internal: true);
    }
}
