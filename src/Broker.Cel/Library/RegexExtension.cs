using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The Kubernetes regex library: <c>s.find(re)</c> (first match, or <c>''</c>) and
/// <c>s.findAll(re[, n])</c> (all or the first n matches), with the same RE2 rules as <c>matches</c>.</summary>
internal static class RegexExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Member("find", 1, (a, c) => (a[0], a[1]) switch
        {
            (string s, string pattern) => Find(s, pattern, 1, c) switch
            {
                CelList list => list.Count == 0 ? "" : list[0],
                var error => error,
            },
            _ => CelError.NoMatchingOverload("find", a),
        });
        builder.Member("findAll", 1, (a, c) => (a[0], a[1]) switch
        {
            (string s, string pattern) => Find(s, pattern, -1, c),
            _ => CelError.NoMatchingOverload("findAll", a),
        });
        builder.Member("findAll", 2, (a, c) => (a[0], a[1], a[2]) switch
        {
            (string s, string pattern, long limit) => Find(s, pattern, limit, c),
            _ => CelError.NoMatchingOverload("findAll", a),
        });
    }

    private static object Find(string input, string pattern, long limit, EvalContext context)
    {
        if (!Re2Pattern.TryTranslate(pattern, out var translated, out var problem))
        {
            return new CelError($"invalid regular expression '{pattern}': {problem}");
        }
        context.ChargeMatch(input, translated);
        if (limit == 0)
        {
            return ArrayCelList.Empty;
        }
        var matches = Re2Pattern.Matches(input, translated, context.RegexTimeout, limit < 0 ? int.MaxValue : (int)Math.Min(limit, int.MaxValue));
        context.Allocate(matches.Sum(m => m.Length) + matches.Count);
        return new ArrayCelList([.. matches]);
    }
}
