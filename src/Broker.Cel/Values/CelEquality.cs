namespace Broker.Cel.Values;

/// <summary>CEL equality: numbers compare by value across int, uint and double; values of
/// different types are unequal (never an error); lists and maps compare element-wise.</summary>
public static class CelEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case long or ulong or double:
                return CelOrdering.CompareNumbers(a, b) == 0;
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case bool x:
                return b is bool y && x == y;
            case CelList list:
                return b is CelList other && ListsEqual(list, other);
            case CelMap map:
                return b is CelMap other2 && MapsEqual(map, other2);
            default:
                return a.Equals(b);
        }
    }

    public static int HashOf(object? value) => value switch
    {
        null => 0,
        long l => l.GetHashCode(),
        ulong u => u <= long.MaxValue ? ((long)u).GetHashCode() : u.GetHashCode(),
        double d => d >= long.MinValue && d < 9.2233720368547758e18 && Math.Floor(d) == d ? ((long)d).GetHashCode()
            : d >= 0 && d < 1.8446744073709552e19 && Math.Floor(d) == d ? ((ulong)d).GetHashCode() : d.GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        CelList list => list.Count,
        CelMap map => map.Count,
        _ => value.GetHashCode(),
    };

    private static bool ListsEqual(CelList a, CelList b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool MapsEqual(CelMap a, CelMap b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !AreEqual(value, other))
            {
                return false;
            }
        }
        return true;
    }
}
