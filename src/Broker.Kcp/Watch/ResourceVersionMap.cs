using System.Globalization;
using System.Runtime.InteropServices;

namespace Broker.Kcp.Watch;

/// <summary>Object key to last seen resourceVersion, for <see cref="KnownObjects"/>. A version that is a canonical decimal
/// integer (kcp's and Kubernetes' etcd revisions are) is held as a number, in a compact table (<see cref="NumericVersions"/>):
/// its string cost about 30 bytes per object and informer. Any other version is held as the opaque string it is; either
/// way it reads back exactly as it came.</summary>
internal sealed class ResourceVersionMap
{
    private const int MaxDigits = 18; // every 18-digit number fits a long

    private readonly NumericVersions _numbers = new();
    private readonly Dictionary<KnownKey, string> _opaque = [];

    public int Count => _numbers.Count + _opaque.Count;

    public IEnumerable<KnownKey> Keys => _numbers.Keys.Concat(_opaque.Keys);

    /// <summary>The version <paramref name="key"/> was last set to; the key must be known.</summary>
    public string this[KnownKey key] => _numbers.TryGetValue(key, out var number) ? number.ToString(CultureInfo.InvariantCulture) : _opaque[key];

    /// <summary>Records <paramref name="version"/> for <paramref name="key"/>; false when the key was known at exactly
    /// that version already. <paramref name="existed"/>: the key was known before, at any version. One lookup for a
    /// known key with a numeric version, the usual case.</summary>
    public bool Set(KnownKey key, string version, out bool existed)
    {
        if (TryParse(version, out var number) && _numbers.TrySet(key, number, out var previous))
        {
            existed = previous is not null || (_opaque.Count > 0 && _opaque.Remove(key));
            return previous != number;
        }

        ref var text = ref CollectionsMarshal.GetValueRefOrAddDefault(_opaque, key, out existed);
        if (existed && string.Equals(text, version, StringComparison.Ordinal))
        {
            return false;
        }

        text = version;
        existed = existed || _numbers.Remove(key);
        return true;
    }

    public bool Remove(KnownKey key) => _numbers.Remove(key) | _opaque.Remove(key);

    public void Clear()
    {
        _numbers.Clear();
        _opaque.Clear();
    }

    // Only what prints back the same: digits without a leading zero (or "0" itself), no sign, no spaces.
    private static bool TryParse(string version, out long number)
    {
        number = 0;
        if (version.Length is 0 or > MaxDigits || (version[0] == '0' && version.Length > 1))
        {
            return false;
        }

        foreach (var c in version)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }
}
