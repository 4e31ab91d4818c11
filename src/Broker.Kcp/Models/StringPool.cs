namespace Broker.Kcp.Models;

/// <summary>One instance of each string seen recently: thousands of remembered objects (Events in the correlator, keys
/// in caches and informers) share a few workspace URLs, apiVersions, kinds and namespaces, each parsed anew from its object. Bounded: once it holds
/// <c>capacity</c> strings it starts over (later entries then share among themselves). Not thread-safe.</summary>
public sealed class StringPool(int capacity)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string value)
    {
        if (_strings.TryGetValue(value, out var known))
        {
            return known;
        }

        if (_strings.Count >= capacity)
        {
            _strings.Clear();
        }

        _strings[value] = value;
        return value;
    }
}
