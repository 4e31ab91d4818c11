using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace KcpCerts.Issuer;

/// <summary>Read-modify-write starting from an object just read: writes the change with that object's
/// resourceVersion, and only if someone wrote in between (409) reads again and re-applies it. Saves the extra GET
/// of <see cref="ConflictRetry"/> on the common path.</summary>
internal static class OptimisticWrite
{
    /// <param name="mutate">Changes the object; false when nothing needs to change, and then nothing is written.</param>
    /// <param name="status">Write through the status subresource.</param>
    public static async Task<JsonObject> UpdateAsync(
        ClusterClient client, GroupVersionResource resource, JsonObject current, Func<JsonObject, bool> mutate, bool status,
        CancellationToken cancellationToken)
    {
        var changed = (JsonObject)current.DeepClone();
        if (!mutate(changed))
        {
            return current;
        }

        try
        {
            return status
                ? await client.UpdateStatusAsync(resource, changed, cancellationToken)
                : await client.UpdateAsync(resource, changed, cancellationToken);
        }
        catch (ConflictException)
        {
            var (ns, name) = (KubeObject.Namespace(current), KubeObject.Name(current));
            return status
                ? await client.UpdateStatusWithRetryAsync(resource, ns, name, mutate, cancellationToken)
                : await client.UpdateWithRetryAsync(resource, ns, name, mutate, cancellationToken);
        }
    }
}
