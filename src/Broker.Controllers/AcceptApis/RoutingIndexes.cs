using Broker.Core.Routing;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// The cache indexes that let an AcceptAPI change find the objects it concerns without reading every object: Placement
/// records by the AcceptAPI that placed them (or is the target of their move), and brokered objects not placed (no
/// <c>Placed=True</c> condition: new, matched by nothing, or stuck on a provider that no longer accepts them).
/// </summary>
public static class RoutingIndexes
{
    private const string UnplacedValue = "unplaced";

    /// <summary>On the Placement records: <see cref="Value"/> of the provider's and the move target's AcceptAPI.</summary>
    public static CacheIndex PlacementsByAcceptApi { get; } = new("acceptapi", placement =>
        (KubeElement.Property(placement, "spec") is { } spec ? KubeElement.ObjectProperties(spec, "provider", "target") : [])
            .Select(p => Value(KubeElement.String(p, "cluster") ?? "", KubeElement.String(p, "acceptAPI", "namespace") ?? "", KubeElement.String(p, "acceptAPI", "name") ?? ""))
            .Distinct(StringComparer.Ordinal));

    /// <summary>On a brokered resource's objects: those without a Placed=True condition.</summary>
    public static CacheIndex UnplacedObjects { get; } = new("unplaced", obj =>
        KubeElement.Objects(obj, "status", "conditions").Any(c => KubeElement.String(c, "type") == "Placed" && KubeElement.String(c, "status") == "True")
            ? []
            : [UnplacedValue]);

    public static string Value(AcceptApiId id) => Value(id.ProviderCluster, id.Namespace, id.Name);

    /// <summary>The brokered objects of <paramref name="store"/> that are not placed.</summary>
    public static IEnumerable<CachedObject> Unplaced(ObjectStore store) => store.Snapshot.ByIndex(UnplacedObjects.Name, UnplacedValue);

    private static string Value(string cluster, string ns, string name) => $"{cluster}|{ns}/{name}";
}
