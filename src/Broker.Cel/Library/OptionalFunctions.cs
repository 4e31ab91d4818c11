using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary><c>optional.of/none/ofNonZeroValue</c> and <c>hasValue value orValue or</c>.</summary>
internal static class OptionalFunctions
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global("optional.of", 1, (a, _) => CelOptional.Of(a[0]));
        builder.Global("optional.none", 0, (_, _) => CelOptional.None);
        builder.Global("optional.ofNonZeroValue", 1, (a, _) => IsZero(a[0]) ? CelOptional.None : CelOptional.Of(a[0]));
        builder.Member("hasValue", 0, (a, _) => a[0] is CelOptional o ? Boxes.Bool(o.HasValue) : CelError.NoMatchingOverload("hasValue", a));
        builder.Member("value", 0, (a, _) => a[0] switch
        {
            CelOptional { HasValue: true } o => o.Value,
            CelOptional => new CelError("optional.none() dereference"),
            _ => CelError.NoMatchingOverload("value", a),
        });
        builder.Member("orValue", 1, (a, _) => a[0] is CelOptional o ? (o.HasValue ? o.Value : a[1]) : CelError.NoMatchingOverload("orValue", a));
        builder.Member("or", 1, (a, _) => (a[0], a[1]) switch
        {
            (CelOptional { HasValue: true } o, CelOptional) => o,
            (CelOptional, CelOptional other) => other,
            _ => CelError.NoMatchingOverload("or", a),
        });
    }

    private static bool IsZero(object? value) => value switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        CelBytes b => b.Length == 0,
        CelList l => l.Count == 0,
        CelMap m => m.Count == 0,
        CelDuration d => d.TotalNanos == 0,
        CelTimestamp t => t.UnixNanos == 0,
        _ => false,
    };
}
