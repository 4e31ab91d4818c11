using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The sets library over lists: <c>sets.contains(a, b)</c> (every element of b is in a),
/// <c>sets.equivalent(a, b)</c> and <c>sets.intersects(a, b)</c>, with CEL equality.</summary>
internal static class SetsExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global("sets.contains", 2, (a, c) => Lists(a, c, "sets.contains") ?? Boxes.Bool(Contains((CelList)a[0]!, (CelList)a[1]!)));
        builder.Global("sets.equivalent", 2, (a, c) => Lists(a, c, "sets.equivalent")
            ?? Boxes.Bool(Contains((CelList)a[0]!, (CelList)a[1]!) && Contains((CelList)a[1]!, (CelList)a[0]!)));
        builder.Global("sets.intersects", 2, (a, c) => Lists(a, c, "sets.intersects") ?? Boxes.Bool(Intersects((CelList)a[0]!, (CelList)a[1]!)));
    }

    // Null when both arguments are lists (charging their sizes); otherwise the overload error.
    private static CelError? Lists(ReadOnlySpan<object?> a, EvalContext context, string name)
    {
        if (a[0] is not CelList x || a[1] is not CelList y)
        {
            return CelError.NoMatchingOverload(name, a);
        }
        context.Charge(x.Count + y.Count);
        return null;
    }

    private static bool Contains(CelList outer, CelList inner)
    {
        var set = new HashSet<object?>(outer, MapKeyComparer.Instance!);
        return inner.All(set.Contains);
    }

    private static bool Intersects(CelList x, CelList y)
    {
        var set = new HashSet<object?>(x, MapKeyComparer.Instance!);
        return y.Any(set.Contains);
    }
}
