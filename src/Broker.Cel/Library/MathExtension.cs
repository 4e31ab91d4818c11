using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The math library: <c>math.greatest/least</c> (1 to 16 numbers, or one list), rounding,
/// <c>abs sign isInf isNaN isFinite</c> and the bit operations on int and uint.</summary>
internal static class MathExtension
{
    private const int MaxVariadic = 16;

    public static void Register(LibraryBuilder builder)
    {
        for (var arity = 1; arity <= MaxVariadic; arity++)
        {
            builder.Global("math.greatest", arity, (a, _) => Extreme("math.greatest", a, sign: 1));
            builder.Global("math.least", arity, (a, _) => Extreme("math.least", a, sign: -1));
        }
        Rounding(builder, "math.ceil", Math.Ceiling);
        Rounding(builder, "math.floor", Math.Floor);
        Rounding(builder, "math.round", d => Math.Round(d, MidpointRounding.AwayFromZero));
        Rounding(builder, "math.trunc", Math.Truncate);
        builder.Global("math.abs", 1, (a, _) => a[0] switch
        {
            long l => l == long.MinValue ? new CelError("overflow: math.abs(-9223372036854775808)") : Math.Abs(l),
            ulong u => u,
            double d => Math.Abs(d),
            _ => CelError.NoMatchingOverload("math.abs", a),
        });
        builder.Global("math.sign", 1, (a, _) => a[0] switch
        {
            long l => (long)Math.Sign(l),
            ulong u => u == 0 ? 0UL : 1UL,
            double d => double.IsNaN(d) ? d : Math.Sign(d),
            _ => CelError.NoMatchingOverload("math.sign", a),
        });
        builder.Global("math.isInf", 1, (a, _) => a[0] is double d ? Boxes.Bool(double.IsInfinity(d)) : CelError.NoMatchingOverload("math.isInf", a));
        builder.Global("math.isNaN", 1, (a, _) => a[0] is double d ? Boxes.Bool(double.IsNaN(d)) : CelError.NoMatchingOverload("math.isNaN", a));
        builder.Global("math.isFinite", 1, (a, _) => a[0] is double d ? Boxes.Bool(double.IsFinite(d)) : CelError.NoMatchingOverload("math.isFinite", a));
        Bitwise(builder, "math.bitAnd", (x, y) => x & y, (x, y) => x & y);
        Bitwise(builder, "math.bitOr", (x, y) => x | y, (x, y) => x | y);
        Bitwise(builder, "math.bitXor", (x, y) => x ^ y, (x, y) => x ^ y);
        builder.Global("math.bitNot", 1, (a, _) => a[0] switch
        {
            long l => ~l,
            ulong u => ~u,
            _ => CelError.NoMatchingOverload("math.bitNot", a),
        });
        builder.Global("math.bitShiftLeft", 2, (a, _) => Shift("math.bitShiftLeft", a, left: true));
        builder.Global("math.bitShiftRight", 2, (a, _) => Shift("math.bitShiftRight", a, left: false));
    }

    private static object? Extreme(string name, ReadOnlySpan<object?> args, int sign)
    {
        if (args.Length == 1 && args[0] is CelList list)
        {
            if (list.Count == 0)
            {
                return new CelError($"{name}(): list is empty");
            }
            return Extreme(name, list.ToArray(), sign);
        }
        object? best = null;
        foreach (var value in args)
        {
            if (value is not (long or ulong or double))
            {
                return CelError.NoMatchingOverload(name, value);
            }
            if (best is null || CelOrdering.CompareNumbers(value, best) is { } order && order != CelOrdering.Unordered && Math.Sign(order) == sign)
            {
                best = value;
            }
        }
        return best;
    }

    private static void Rounding(LibraryBuilder builder, string name, Func<double, double> round) =>
        builder.Global(name, 1, (a, _) => a[0] is double d ? round(d) : CelError.NoMatchingOverload(name, a));

    private static void Bitwise(LibraryBuilder builder, string name, Func<long, long, long> ints, Func<ulong, ulong, ulong> uints) =>
        builder.Global(name, 2, (a, _) => (a[0], a[1]) switch
        {
            (long x, long y) => ints(x, y),
            (ulong x, ulong y) => uints(x, y),
            _ => CelError.NoMatchingOverload(name, a),
        });

    // Shifts of 64 or more give 0; a right shift of an int is logical (zero-filling), as in cel-go.
    private static object Shift(string name, ReadOnlySpan<object?> a, bool left)
    {
        if (a[1] is not long offset || a[0] is not (long or ulong))
        {
            return CelError.NoMatchingOverload(name, a);
        }
        if (offset < 0)
        {
            return new CelError($"{name}: negative offset {offset}");
        }
        var bits = a[0] is long l ? (ulong)l : (ulong)a[0]!;
        var shifted = offset >= 64 ? 0UL : left ? bits << (int)offset : bits >> (int)offset;
        return a[0] is long ? (long)shifted : shifted;
    }
}
