using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>Read-modify-write with optimistic concurrency: on 409 Conflict, read again and re-apply the change.
/// Only for changes that are correct on any version of the object (the caller decides by choosing this).</summary>
public static class ConflictRetry
{
    public const int DefaultAttempts = 5;

    /// <summary>Applies <paramref name="mutate"/> to the current object and writes it; <paramref name="mutate"/> returns
    /// false when nothing needs to change, and then nothing is written. Returns the object as stored.</summary>
    public static Task<JsonObject> UpdateWithRetryAsync(
        this ClusterClient client, GroupVersionResource resource, string? ns, string name, Func<JsonObject, bool> mutate,
        CancellationToken cancellationToken) =>
        RetryAsync(client, resource, ns, name, mutate, client.UpdateAsync, DefaultAttempts, cancellationToken);

    /// <summary>As <see cref="UpdateWithRetryAsync"/>, through the status subresource.</summary>
    public static Task<JsonObject> UpdateStatusWithRetryAsync(
        this ClusterClient client, GroupVersionResource resource, string? ns, string name, Func<JsonObject, bool> mutate,
        CancellationToken cancellationToken) =>
        RetryAsync(client, resource, ns, name, mutate, client.UpdateStatusAsync, DefaultAttempts, cancellationToken);

    internal static async Task<JsonObject> RetryAsync(
        ClusterClient client, GroupVersionResource resource, string? ns, string name, Func<JsonObject, bool> mutate,
        Func<GroupVersionResource, JsonObject, CancellationToken, Task<JsonObject>> write, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetAsync(resource, ns, name, cancellationToken);
            if (!mutate(current))
            {
                return current;
            }

            try
            {
                return await write(resource, current, cancellationToken);
            }
            catch (ConflictException) when (attempt < attempts)
            {
                // Someone wrote in between: the next pass re-reads their version.
            }
        }
    }
}
