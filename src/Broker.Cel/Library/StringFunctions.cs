using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary><c>size contains startsWith endsWith matches</c>.</summary>
internal static class StringFunctions
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Both("size", 0, (a, _) => Size(a[0]));
        builder.Member("contains", 1, (a, c) => (a[0], a[1]) switch
        {
            (string s, string t) => Scanned(c, s, s.Contains(t, StringComparison.Ordinal)),
            _ => CelError.NoMatchingOverload("contains", a),
        });
        builder.Member("startsWith", 1, (a, c) => (a[0], a[1]) switch
        {
            (string s, string t) => Scanned(c, t, s.StartsWith(t, StringComparison.Ordinal)),
            _ => CelError.NoMatchingOverload("startsWith", a),
        });
        builder.Member("endsWith", 1, (a, c) => (a[0], a[1]) switch
        {
            (string s, string t) => Scanned(c, t, s.EndsWith(t, StringComparison.Ordinal)),
            _ => CelError.NoMatchingOverload("endsWith", a),
        });
        builder.Both("matches", 1, Matches);
    }

    private static object Scanned(EvalContext context, string scanned, bool result)
    {
        context.ChargeText(scanned);
        return Boxes.Bool(result);
    }

    public static object Size(object? value) => value switch
    {
        string s => CodePoints(s),
        CelBytes b => (long)b.Length,
        CelList l => (long)l.Count,
        CelMap m => (long)m.Count,
        _ => CelError.NoMatchingOverload("size", value),
    };

    internal static long CodePoints(string s)
    {
        long count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsLowSurrogate(s[i]))
            {
                count++;
            }
        }
        return count;
    }

    private static object Matches(ReadOnlySpan<object?> a, EvalContext context)
    {
        if (a[0] is not string input || a[1] is not string pattern)
        {
            return CelError.NoMatchingOverload("matches", a);
        }

        if (!Re2Pattern.TryTranslate(pattern, out var translated, out var problem))
        {
            return new CelError($"invalid regular expression '{pattern}': {problem}");
        }

        context.ChargeMatch(input, translated);
        return Boxes.Bool(Re2Pattern.IsMatch(input, translated, context.RegexTimeout));
    }
}
