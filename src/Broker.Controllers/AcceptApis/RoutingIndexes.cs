using System.Text.Json.Nodes;
using Broker.Core.Routing;
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
        new[] { placement["spec"]?["provider"], placement["spec"]?["target"] }.OfType<JsonObject>()
            .Select(p => Value((string?)p["cluster"] ?? "", (string?)p["acceptAPI"]?["namespace"] ?? "", (string?)p["acceptAPI"]?["name"] ?? ""))
            .Distinct(StringComparer.Ordinal));

    /// <summary>On a brokered resource's objects: those without a Placed=True condition.</summary>
    public static CacheIndex UnplacedObjects { get; } = new("unplaced", obj =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "Placed" && (string?)c["status"] == "True") == true
            ? []
            : [UnplacedValue]);

    public static string Value(AcceptApiId id) => Value(id.ProviderCluster, id.Namespace, id.Name);

    /// <summary>The brokered objects of <paramref name="store"/> that are not placed.</summary>
    public static IEnumerable<CachedObject> Unplaced(ObjectStore store) => store.Snapshot.ByIndex(UnplacedObjects.Name, UnplacedValue);

    private static string Value(string cluster, string ns, string name) => $"{cluster}|{ns}/{name}";
}
