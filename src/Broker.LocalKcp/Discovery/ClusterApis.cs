namespace Broker.LocalKcp.Discovery;

/// <summary>The resources one workspace (or one virtual workspace) serves, looked up by group, version and plural.</summary>
public sealed class ClusterApis
{
    private readonly Dictionary<(string Group, string Version, string Plural), ApiResource> _byName = [];

    // On a shard's /clusters/*, several exports may serve the same group/resource; their identities tell them apart.
    private readonly Dictionary<(string Group, string Version, string Plural, string Identity), ApiResource> _byIdentity = [];

    public ClusterApis(IEnumerable<ApiResource> resources)
    {
        var list = new List<ApiResource>();
        foreach (var resource in resources)
        {
            _byIdentity.TryAdd((resource.Group, resource.Version, resource.Plural, resource.Storage.Identity ?? ""), resource);

            // First definition wins: built-ins cannot be shadowed by a CRD or binding of the same name.
            if (_byName.TryAdd((resource.Group, resource.Version, resource.Plural), resource))
            {
                list.Add(resource);
            }
        }

        Resources = list;
    }

    public IReadOnlyList<ApiResource> Resources { get; }

    public ApiResource? Find(string group, string version, string plural) =>
        _byName.GetValueOrDefault((group, version, plural));

    /// <summary>The resource stored under <paramref name="identity"/> (an export's identity hash).</summary>
    public ApiResource? Find(string group, string version, string plural, string identity) =>
        _byIdentity.GetValueOrDefault((group, version, plural, identity));

    /// <summary>Groups with their versions in the order they were first seen (preferred version first).</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        [.. Resources.Where(r => r.Group.Length > 0)
            .GroupBy(r => r.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(r => r.Version).Distinct(StringComparer.Ordinal)]))];
}
