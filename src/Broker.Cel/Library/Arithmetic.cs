using Broker.Cel.Parsing;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary><c>+ - * / %</c> and negation: 64-bit integers that error on overflow and division by
/// zero, IEEE doubles, concatenation of strings, bytes and lists, and timestamp/duration arithmetic.</summary>
internal static class Arithmetic
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global(Operators.Add, 2, Add);
        builder.Global(Operators.Subtract, 2, Subtract);
        builder.Global(Operators.Multiply, 2, Multiply);
        builder.Global(Operators.Divide, 2, Divide);
        builder.Global(Operators.Modulo, 2, Modulo);
        builder.Global(Operators.Negate, 1, Negate);
    }

    private static CelError Overflow() => new("return error for overflow");

    private static object? Add(ReadOnlySpan<object?> a, EvalContext context)
    {
        try
        {
            switch (a[0], a[1])
            {
                case (long x, long y): return checked(x + y);
                case (ulong x, ulong y): return checked(x + y);
                case (double x, double y): return x + y;
                case (string x, string y):
                    context.Allocate(x.Length + y.Length);
                    return string.Concat(x, y);
                case (CelBytes x, CelBytes y):
                    context.Allocate(x.Length + y.Length);
                    return CelBytes.Own([.. x.Span, .. y.Span]);
                case (CelList x, CelList y):
                    context.Allocate(x.Count + y.Count);
                    return Concat(x, y);
                case (CelTimestamp t, CelDuration d): return Time.Timestamp(t.UnixNanos + d.TotalNanos);
                case (CelDuration d, CelTimestamp t): return Time.Timestamp(t.UnixNanos + d.TotalNanos);
                case (CelDuration x, CelDuration y): return Time.Duration(x.TotalNanos + y.TotalNanos);
                default: return CelError.NoMatchingOverload(Operators.Add, a);
            }
        }
        catch (OverflowException)
        {
            return Overflow();
        }
    }

    private static ArrayCelList Concat(CelList x, CelList y)
    {
        if (x.Count == 0 && y is ArrayCelList right)
        {
            return right;
        }
        var items = new object?[x.Count + y.Count];
        for (var i = 0; i < x.Count; i++)
        {
            items[i] = x[i];
        }
        for (var i = 0; i < y.Count; i++)
        {
            items[x.Count + i] = y[i];
        }
        return new ArrayCelList(items);
    }

    private static object? Subtract(ReadOnlySpan<object?> a, EvalContext context)
    {
        try
        {
            return (a[0], a[1]) switch
            {
                (long x, long y) => checked(x - y),
                (ulong x, ulong y) => checked(x - y),
                (double x, double y) => x - y,
                (CelTimestamp x, CelTimestamp y) => Time.Difference(x.UnixNanos - y.UnixNanos),
                (CelTimestamp t, CelDuration d) => Time.Timestamp(t.UnixNanos - d.TotalNanos),
                (CelDuration x, CelDuration y) => Time.Duration(x.TotalNanos - y.TotalNanos),
                _ => CelError.NoMatchingOverload(Operators.Subtract, a),
            };
        }
        catch (OverflowException)
        {
            return Overflow();
        }
    }

    private static object? Multiply(ReadOnlySpan<object?> a, EvalContext context)
    {
        try
        {
            return (a[0], a[1]) switch
            {
                (long x, long y) => checked(x * y),
                (ulong x, ulong y) => checked(x * y),
                (double x, double y) => x * y,
                _ => CelError.NoMatchingOverload(Operators.Multiply, a),
            };
        }
        catch (OverflowException)
        {
            return Overflow();
        }
    }

    private static object? Divide(ReadOnlySpan<object?> a, EvalContext context) => (a[0], a[1]) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("divide by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? Overflow() : x / y,
        (ulong x, ulong y) => x / y,
        (double x, double y) => x / y,
        _ => CelError.NoMatchingOverload(Operators.Divide, a),
    };

    private static object? Modulo(ReadOnlySpan<object?> a, EvalContext context) => (a[0], a[1]) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("modulus by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? Overflow() : x % y,
        (ulong x, ulong y) => x % y,
        _ => CelError.NoMatchingOverload(Operators.Modulo, a),
    };

    private static object? Negate(ReadOnlySpan<object?> a, EvalContext context) => a[0] switch
    {
        long x => x == long.MinValue ? Overflow() : -x,
        double x => -x,
        CelDuration d => Time.Duration(-d.TotalNanos),
        _ => CelError.NoMatchingOverload(Operators.Negate, a),
    };
}
