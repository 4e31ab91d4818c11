using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Names = System.Collections.Immutable.ImmutableDictionary<string, Broker.Runtime.Cache.CachedObject>;
using Namespaces = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableDictionary<string, Broker.Runtime.Cache.CachedObject>>;

namespace Broker.Runtime.Cache;

/// <summary>
/// One logical cluster's objects in a <see cref="StoreSnapshot"/>, immutable: by namespace and name, or, while the
/// cluster holds one object, that object itself. Most staging workspaces hold one copy and one Secret, so most clusters
/// of those caches hold one object; the two dictionaries and their nodes cost about 200 bytes per such cluster.
/// </summary>
internal readonly struct ClusterObjects
{
    private static readonly Namespaces NoNamespaces = ImmutableDictionary.Create<string, Names>(StringComparer.Ordinal);
    private static readonly Names NoNames = ImmutableDictionary.Create<string, CachedObject>(StringComparer.Ordinal);

    private readonly CachedObject? _single;
    private readonly Namespaces? _byNamespace; // when the cluster holds more than one object

    private ClusterObjects(CachedObject? single, Namespaces? byNamespace) => (_single, _byNamespace) = (single, byNamespace);

    public bool IsEmpty => _single is null && _byNamespace is null;

    public IEnumerable<CachedObject> All => _single is { } single ? [single] : _byNamespace?.Values.SelectMany(n => n.Values) ?? [];

    public bool TryGet(ObjectKey key, [NotNullWhen(true)] out CachedObject? obj)
    {
        obj = _single is { } single ? single.Key == key ? single : null
            : _byNamespace is { } namespaces && namespaces.TryGetValue(key.Namespace, out var names) && names.TryGetValue(key.Name, out var found) ? found
            : null;
        return obj is not null;
    }

    /// <summary>The objects of namespace <paramref name="ns"/> ("" for cluster-scoped ones).</summary>
    public IEnumerable<CachedObject> InNamespace(string ns) =>
        _single is { } single ? single.Key.Namespace == ns ? [single] : []
        : _byNamespace is { } namespaces && namespaces.TryGetValue(ns, out var names) ? names.Values
        : [];

    /// <summary>With <paramref name="key"/> set to <paramref name="updated"/>, or removed when null.</summary>
    public ClusterObjects With(ObjectKey key, CachedObject? updated)
    {
        if (_single is { } single)
        {
            return single.Key == key ? new(updated, null)
                : updated is null ? this
                : new(null, Set(Set(NoNamespaces, single.Key, single), key, updated));
        }

        if (_byNamespace is not { } namespaces)
        {
            return new(updated, null);
        }

        var rest = Set(namespaces, key, updated);
        return rest.Count == 1 && rest.First().Value is { Count: 1 } only ? new(only.First().Value, null) : new(null, rest.IsEmpty ? null : rest);
    }

    private static Namespaces Set(Namespaces namespaces, ObjectKey key, CachedObject? updated)
    {
        var names = namespaces.GetValueOrDefault(key.Namespace) ?? NoNames;
        names = updated is null ? names.Remove(key.Name) : names.SetItem(key.Name, updated);
        return names.IsEmpty ? namespaces.Remove(key.Namespace) : namespaces.SetItem(key.Namespace, names);
    }
}
