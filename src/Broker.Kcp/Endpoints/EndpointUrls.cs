using System.Reactive.Linq;
using Broker.Kcp.Models;

namespace Broker.Kcp.Endpoints;

/// <summary>Turns the events of an APIExportEndpointSlice informer into its current URL set: one set per change,
/// empty when the slice is deleted or has no endpoints yet (kcp lists a shard only once it hosts a binding).</summary>
public static class EndpointUrls
{
    public static IObservable<IReadOnlySet<Uri>> From(IObservable<WatchEvent> sliceEvents) =>
        sliceEvents
            .Where(e => e.Type != WatchEventType.Bookmark)
            .Select(e => e.Type == WatchEventType.Deleted ? new HashSet<Uri>() : Urls(KubeJson.ToTyped<ApiExportEndpointSlice>(e.Object)))
            .DistinctUntilChanged(new SetComparer())
            .Select(set => (IReadOnlySet<Uri>)set);

    private static HashSet<Uri> Urls(ApiExportEndpointSlice slice) => [.. (slice.Status.Endpoints ?? []).Select(e => e.Url)];

    private sealed class SetComparer : IEqualityComparer<HashSet<Uri>>
    {
        public bool Equals(HashSet<Uri>? x, HashSet<Uri>? y) => x is not null && y is not null && x.SetEquals(y);

        public int GetHashCode(HashSet<Uri> obj) => obj.Count;
    }
}
