using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Broker.Controllers.Placement;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Hosting;

/// <summary>
/// The brokered resources the controllers serve now, by resource. It grows and shrinks while they run (an export added to
/// or removed from the platform workspace), so the controllers hold this live view, never a copy: a new resource joins
/// without restarting anything. Reads take an immutable snapshot; changes swap it.
/// </summary>
public sealed class BrokeredSet : IReadOnlyDictionary<GroupVersionResource, BrokeredResource>
{
    private ImmutableDictionary<GroupVersionResource, BrokeredResource> _byResource;

    public BrokeredSet(IEnumerable<BrokeredResource> resources)
    {
        _byResource = resources.ToImmutableDictionary(r => r.Resource);
        List = new ListView(this);
    }

    /// <summary>The same live set as a list, in no particular order.</summary>
    public IReadOnlyList<BrokeredResource> List { get; }

    public int Count => Current.Count;

    public IEnumerable<GroupVersionResource> Keys => Current.Keys;

    public IEnumerable<BrokeredResource> Values => Current.Values;

    private ImmutableDictionary<GroupVersionResource, BrokeredResource> Current => Volatile.Read(ref _byResource);

    public BrokeredResource this[GroupVersionResource key] => Current[key];

    public void Add(BrokeredResource resource) => ImmutableInterlocked.Update(ref _byResource, d => d.SetItem(resource.Resource, resource));

    public bool Remove(GroupVersionResource resource, [NotNullWhen(true)] out BrokeredResource? removed) =>
        ImmutableInterlocked.TryRemove(ref _byResource, resource, out removed);

    public bool ContainsKey(GroupVersionResource key) => Current.ContainsKey(key);

    public bool TryGetValue(GroupVersionResource key, [MaybeNullWhen(false)] out BrokeredResource value) => Current.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<GroupVersionResource, BrokeredResource>> GetEnumerator() => Current.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class ListView(BrokeredSet set) : IReadOnlyList<BrokeredResource>
    {
        public int Count => set.Current.Count;

        public BrokeredResource this[int index] => set.Current.Values.ElementAt(index);

        public IEnumerator<BrokeredResource> GetEnumerator() => set.Current.Values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
