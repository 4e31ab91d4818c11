using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>Typed access for kinds with a record model (kcp kinds here, broker kinds elsewhere).</summary>
public static class TypedClientExtensions
{
    public static async Task<T> GetAsync<T>(
        this ClusterClient client, GroupVersionResource resource, string? ns, string name, CancellationToken cancellationToken) =>
        KubeJson.ToTyped<T>(await client.GetAsync(resource, ns, name, cancellationToken));

    public static async Task<IReadOnlyList<T>> ListAsync<T>(
        this ClusterClient client, GroupVersionResource resource, string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        var list = await client.ListAllAsync(resource, ns, options, cancellationToken);
        return [.. list.Items.Select(KubeJson.ToTyped<T>)];
    }

    public static async Task<T> CreateAsync<T>(
        this ClusterClient client, GroupVersionResource resource, string? ns, T obj, CancellationToken cancellationToken) =>
        KubeJson.ToTyped<T>(await client.CreateAsync(resource, ns, KubeJson.ToNode(obj), cancellationToken));

    public static async Task<T> UpdateAsync<T>(
        this ClusterClient client, GroupVersionResource resource, T obj, CancellationToken cancellationToken) =>
        KubeJson.ToTyped<T>(await client.UpdateAsync(resource, KubeJson.ToNode(obj), cancellationToken));

    public static async Task<T> UpdateStatusAsync<T>(
        this ClusterClient client, GroupVersionResource resource, T obj, CancellationToken cancellationToken) =>
        KubeJson.ToTyped<T>(await client.UpdateStatusAsync(resource, KubeJson.ToNode(obj), cancellationToken));
}
