using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The lists library: isSorted sum min max indexOf lastIndexOf slice flatten distinct sort
/// reverse first last and <c>lists.range(n)</c>.</summary>
internal static class ListsExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Member("isSorted", 0, (a, c) => a[0] is CelList list ? IsSorted(Scan(list, c)) : CelError.NoMatchingOverload("isSorted", a));
        builder.Member("sum", 0, (a, c) => a[0] is CelList list ? Sum(Scan(list, c)) : CelError.NoMatchingOverload("sum", a));
        builder.Member("min", 0, (a, c) => a[0] is CelList list ? Extreme(Scan(list, c), "min", sign: -1) : CelError.NoMatchingOverload("min", a));
        builder.Member("max", 0, (a, c) => a[0] is CelList list ? Extreme(Scan(list, c), "max", sign: 1) : CelError.NoMatchingOverload("max", a));
        builder.Member("slice", 2, (a, c) => (a[0], a[1], a[2]) switch
        {
            (CelList list, long start, long end) => Slice(list, start, end, c),
            _ => CelError.NoMatchingOverload("slice", a),
        });
        builder.Member("flatten", 0, (a, c) => a[0] is CelList list ? Flatten(list, 1, c) : CelError.NoMatchingOverload("flatten", a));
        builder.Member("flatten", 1, (a, c) => (a[0], a[1]) switch
        {
            (CelList list, long depth) when depth >= 0 => Flatten(list, depth, c),
            (CelList, long) => new CelError("flatten: depth must be non-negative"),
            _ => CelError.NoMatchingOverload("flatten", a),
        });
        builder.Member("distinct", 0, (a, c) => a[0] is CelList list ? Distinct(Scan(list, c)) : CelError.NoMatchingOverload("distinct", a));
        builder.Member("sort", 0, (a, c) => a[0] is CelList list ? Sort(Scan(list, c)) : CelError.NoMatchingOverload("sort", a));
        builder.Member("first", 0, (a, _) => a[0] is CelList list ? (list.Count > 0 ? CelOptional.Of(list[0]) : CelOptional.None) : CelError.NoMatchingOverload("first", a));
        builder.Member("last", 0, (a, _) => a[0] is CelList list ? (list.Count > 0 ? CelOptional.Of(list[^1]) : CelOptional.None) : CelError.NoMatchingOverload("last", a));
        builder.Global("lists.range", 1, (a, c) =>
        {
            if (a[0] is not long n)
            {
                return CelError.NoMatchingOverload("lists.range", a);
            }
            c.Allocate(Math.Max(n, 0));
            return new ArrayCelList([.. Enumerable.Range(0, (int)Math.Max(n, 0)).Select(i => (object?)(long)i)]);
        });
    }

    /// <summary>Charges one step per element for a function that reads the whole list.</summary>
    public static CelList Scan(CelList list, EvalContext context)
    {
        context.Charge(list.Count);
        return list;
    }

    public static object IndexOf(CelList list, object? value, bool last)
    {
        for (var k = 0; k < list.Count; k++)
        {
            var i = last ? list.Count - 1 - k : k;
            if (CelEquality.AreEqual(list[i], value))
            {
                return (long)i;
            }
        }
        return -1L;
    }

    public static object Reverse(CelList list)
    {
        var items = list.ToArray();
        Array.Reverse(items);
        return new ArrayCelList(items);
    }

    private static object IsSorted(CelList list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            var order = CelOrdering.Compare(list[i - 1], list[i]);
            if (order is null)
            {
                return CelError.NoMatchingOverload("isSorted", list[i - 1], list[i]);
            }
            if (order > 0)
            {
                return Boxes.False;
            }
        }
        return Boxes.True;
    }

    private static object Sum(CelList list)
    {
        object total = 0L;
        for (var i = 0; i < list.Count; i++)
        {
            total = i == 0 ? list[0] switch
            {
                long or ulong or double or CelDuration => list[0]!,
                var other => CelError.NoMatchingOverload("sum", other),
            } : (total, list[i]) switch
            {
                (long x, long y) => Checked(() => checked(x + y)),
                (ulong x, ulong y) => Checked(() => checked(x + y)),
                (double x, double y) => x + y,
                (CelDuration x, CelDuration y) => Time.Duration(x.TotalNanos + y.TotalNanos),
                (CelError, _) => total,
                var (_, other) => CelError.NoMatchingOverload("sum", total, other),
            };
        }
        return total;
    }

    private static object Checked(Func<object> add)
    {
        try
        {
            return add();
        }
        catch (OverflowException)
        {
            return new CelError("return error for overflow");
        }
    }

    private static object? Extreme(CelList list, string name, int sign)
    {
        if (list.Count == 0)
        {
            return new CelError($"{name} called on an empty list");
        }
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var order = CelOrdering.Compare(list[i], best);
            if (order is null)
            {
                return CelError.NoMatchingOverload(name, best, list[i]);
            }
            if (order != CelOrdering.Unordered && Math.Sign(order.Value) == sign)
            {
                best = list[i];
            }
        }
        return best;
    }

    private static object Slice(CelList list, long start, long end, EvalContext context)
    {
        if (start < 0 || end < 0 || start > end || end > list.Count)
        {
            return new CelError($"slice: invalid range [{start}, {end}) for a list of size {list.Count}");
        }
        context.Allocate(end - start);
        var items = new object?[end - start];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = list[(int)start + i];
        }
        return new ArrayCelList(items);
    }

    private static ArrayCelList Flatten(CelList list, long depth, EvalContext context)
    {
        var items = new List<object?>();
        void Add(CelList source, long remaining)
        {
            foreach (var item in source)
            {
                if (item is CelList inner && remaining > 0)
                {
                    Add(inner, remaining - 1);
                }
                else
                {
                    context.Allocate(1);
                    items.Add(item);
                }
            }
        }
        Add(list, depth);
        return new ArrayCelList([.. items]);
    }

    // Hash-based, so distinct stays linear on large inputs (equal numbers of any type hash alike).
    private static ArrayCelList Distinct(CelList list)
    {
        var seen = new HashSet<object?>(MapKeyComparer.Instance!);
        var items = new List<object?>();
        foreach (var item in list)
        {
            if (seen.Add(item))
            {
                items.Add(item);
            }
        }
        return new ArrayCelList([.. items]);
    }

    private static object Sort(CelList list)
    {
        var items = list.ToArray();
        for (var i = 1; i < items.Length; i++)
        {
            if (CelOrdering.Compare(items[0], items[i]) is null)
            {
                return CelError.NoMatchingOverload("sort", items[0], items[i]);
            }
        }
        var ordered = items.Order(Comparer<object?>.Create((x, y) => CelOrdering.Compare(x, y) is int o and not CelOrdering.Unordered ? o : 0)).ToArray();
        return new ArrayCelList(ordered);
    }
}
