namespace Broker.Cel.Values;

/// <summary>CEL ordering for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>: numbers compare by
/// value across int, uint and double; other types only with themselves.</summary>
internal static class CelOrdering
{
    /// <summary>Returned when either side is NaN: every relation is false.</summary>
    public const int Unordered = int.MinValue;

    /// <summary>Negative, zero or positive; <see cref="Unordered"/> for NaN; null when the
    /// two values have no ordering (a no-matching-overload error).</summary>
    public static int? Compare(object? a, object? b) => a switch
    {
        long or ulong or double => CompareNumbers(a, b),
        string s => b is string t ? Math.Sign(CompareCodePoints(s, t)) : null,
        bool x => b is bool y ? x.CompareTo(y) : null,
        CelBytes x => b is CelBytes y ? Math.Sign(x.CompareWith(y)) : null,
        CelTimestamp x => b is CelTimestamp y ? x.CompareWith(y) : null,
        CelDuration x => b is CelDuration y ? x.CompareWith(y) : null,
        _ => null,
    };

    public static int? CompareNumbers(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (ulong x, ulong y) => x.CompareTo(y),
        (double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? Unordered : x.CompareTo(y),
        (long x, ulong y) => x < 0 ? -1 : ((ulong)x).CompareTo(y),
        (ulong x, long y) => y < 0 ? 1 : x.CompareTo((ulong)y),
        (long x, double y) => CompareIntDouble(x, y),
        (double x, long y) => Negate(CompareIntDouble(y, x)),
        (ulong x, double y) => CompareUintDouble(x, y),
        (double x, ulong y) => Negate(CompareUintDouble(y, x)),
        _ => null,
    };

    // Ordinal UTF-16 order differs from code point order only for surrogates.
    private static int CompareCodePoints(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            char x = a[i], y = b[i];
            if (x != y)
            {
                var xs = char.IsSurrogate(x);
                var ys = char.IsSurrogate(y);
                return xs == ys ? x.CompareTo(y) : xs ? 1 : -1;
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int Negate(int order) => order == Unordered ? Unordered : -order;

    // CEL compares int and uint with double by converting to double, as the conformance suite expects.
    private static int CompareIntDouble(long x, double y) => double.IsNaN(y) ? Unordered : ((double)x).CompareTo(y);

    private static int CompareUintDouble(ulong x, double y) => double.IsNaN(y) ? Unordered : ((double)x).CompareTo(y);
}
