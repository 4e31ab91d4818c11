using Broker.Cel.Parsing;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>Equality, ordering, <c>!</c>, <c>in</c> and indexing (plain and optional).</summary>
internal static class Relations
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global(Operators.Equal, 2, (a, _) => Boxes.Bool(CelEquality.AreEqual(a[0], a[1])));
        builder.Global(Operators.NotEqual, 2, (a, _) => Boxes.Bool(!CelEquality.AreEqual(a[0], a[1])));
        builder.Global(Operators.Less, 2, (a, _) => Relation(Operators.Less, a, order => order < 0));
        builder.Global(Operators.LessEqual, 2, (a, _) => Relation(Operators.LessEqual, a, order => order <= 0));
        builder.Global(Operators.Greater, 2, (a, _) => Relation(Operators.Greater, a, order => order > 0));
        builder.Global(Operators.GreaterEqual, 2, (a, _) => Relation(Operators.GreaterEqual, a, order => order >= 0));
        builder.Global(Operators.LogicalNot, 1, (a, _) => a[0] is bool b ? Boxes.Bool(!b) : CelError.NoMatchingOverload(Operators.LogicalNot, a));
        builder.Global(Operators.In, 2, (a, c) => In(a, c));
        builder.Global(Operators.Index, 2, (a, _) => Index(a[0], a[1]));
        builder.Global(Operators.OptionalIndex, 2, (a, _) => OptionalIndex(a[0], a[1]));
    }

    private static object Relation(string name, ReadOnlySpan<object?> a, Func<int, bool> test)
    {
        var order = CelOrdering.Compare(a[0], a[1]);
        return order switch
        {
            null => CelError.NoMatchingOverload(name, a),
            CelOrdering.Unordered => Boxes.False,
            _ => Boxes.Bool(test(order.Value)),
        };
    }

    private static object In(ReadOnlySpan<object?> a, EvalContext context)
    {
        var value = a[0];
        switch (a[1])
        {
            case CelList list:
                context.Charge(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelEquality.AreEqual(value, list[i]))
                    {
                        return Boxes.True;
                    }
                }
                return Boxes.False;
            case CelMap map:
                return Boxes.Bool(value is not null && map.ContainsKey(value));
            default:
                return CelError.NoMatchingOverload(Operators.In, a);
        }
    }

    public static object? Index(object? target, object? index)
    {
        switch (target)
        {
            case CelList list:
                if (!TryListIndex(index, out var position))
                {
                    return CelError.NoMatchingOverload(Operators.Index, target, index);
                }
                return position >= 0 && position < list.Count
                    ? list[(int)position]
                    : new CelError($"index out of range: index {position}, size {list.Count}");
            case CelMap map:
                if (index is not (long or ulong or double or bool or string))
                {
                    return new CelError($"unsupported key type: {CelTypes.Of(index).Name}");
                }
                return map.TryGetValue(index, out var value) ? value : CelError.NoSuchKey(index);
            case CelOptional optional:
                return OptionalIndex(optional, index);
            default:
                return CelError.NoMatchingOverload(Operators.Index, target, index);
        }
    }

    private static object? OptionalIndex(object? target, object? index)
    {
        switch (target)
        {
            case CelOptional optional:
                return optional.HasValue ? OptionalIndex(optional.Value, index) : optional;
            case CelList list:
                if (!TryListIndex(index, out var position))
                {
                    return CelError.NoMatchingOverload(Operators.OptionalIndex, target, index);
                }
                return position >= 0 && position < list.Count ? CelOptional.Of(list[(int)position]) : CelOptional.None;
            case CelMap map:
                return index is not null && map.TryGetValue(index, out var value) ? CelOptional.Of(value) : CelOptional.None;
            default:
                return CelError.NoMatchingOverload(Operators.OptionalIndex, target, index);
        }
    }

    // Lists are indexed by int; uint and integral doubles are accepted as the same number.
    private static bool TryListIndex(object? index, out long position)
    {
        switch (index)
        {
            case long l:
                position = l;
                return true;
            case ulong u:
                position = u > long.MaxValue ? long.MaxValue : (long)u;
                return true;
            case double d when Math.Floor(d) == d && d > -9.2e18 && d < 9.2e18:
                position = (long)d;
                return true;
            default:
                position = 0;
                return false;
        }
    }
}
