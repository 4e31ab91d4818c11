using System.Text;
using Broker.Cel.Runtime;
using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary>The Kubernetes strings library: charAt indexOf lastIndexOf lowerAscii upperAscii replace
/// split substring trim join quote format reverse. Indices count code points.</summary>
internal static class StringsExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Member("charAt", 1, (a, _) => (a[0], a[1]) switch
        {
            (string s, long i) => CharAt(s, i),
            _ => CelError.NoMatchingOverload("charAt", a),
        });
        builder.Member("indexOf", 1, (a, c) => a[0] is CelList list ? ListsExtension.IndexOf(ListsExtension.Scan(list, c), a[1], last: false) : IndexOf(Scan(a, c), 0L, last: false));
        builder.Member("indexOf", 2, (a, c) => IndexOf(Scan(a, c), a[2], last: false));
        builder.Member("lastIndexOf", 1, (a, c) => a[0] is CelList list ? ListsExtension.IndexOf(ListsExtension.Scan(list, c), a[1], last: true) : IndexOf(Scan(a, c), null, last: true));
        builder.Member("lastIndexOf", 2, (a, c) => IndexOf(Scan(a, c), a[2], last: true));
        builder.Member("lowerAscii", 0, (a, _) => a[0] is string s ? MapAscii(s, char.ToLowerInvariant) : CelError.NoMatchingOverload("lowerAscii", a));
        builder.Member("upperAscii", 0, (a, _) => a[0] is string s ? MapAscii(s, char.ToUpperInvariant) : CelError.NoMatchingOverload("upperAscii", a));
        builder.Member("replace", 2, (a, c) => Replace(Scan(a, c), -1, c));
        builder.Member("replace", 3, (a, c) => a[3] is long n ? Replace(Scan(a, c), n, c) : CelError.NoMatchingOverload("replace", a));
        builder.Member("split", 1, (a, c) => Split(Scan(a, c), -1, c));
        builder.Member("split", 2, (a, c) => a[2] is long n ? Split(Scan(a, c), n, c) : CelError.NoMatchingOverload("split", a));
        builder.Member("substring", 1, (a, _) => (a[0], a[1]) switch
        {
            (string s, long start) => Substring(s, start, new CodePoints(s).Length),
            _ => CelError.NoMatchingOverload("substring", a),
        });
        builder.Member("substring", 2, (a, _) => (a[0], a[1], a[2]) switch
        {
            (string s, long start, long end) => Substring(s, start, end),
            _ => CelError.NoMatchingOverload("substring", a),
        });
        builder.Member("trim", 0, (a, _) => a[0] is string s ? s.Trim() : CelError.NoMatchingOverload("trim", a));
        builder.Member("join", 0, (a, c) => a[0] is CelList list ? Join(ListsExtension.Scan(list, c), "", c) : CelError.NoMatchingOverload("join", a));
        builder.Member("join", 1, (a, c) => (a[0], a[1]) is (CelList list, string separator) ? Join(ListsExtension.Scan(list, c), separator, c) : CelError.NoMatchingOverload("join", a));
        builder.Global("strings.quote", 1, (a, _) => a[0] is string s ? CelFormatter.Quote(s) : CelError.NoMatchingOverload("strings.quote", a));
        builder.Member("format", 1, (a, c) => (a[0], a[1]) switch
        {
            (string format, CelList args) => StringFormatter.Format(format, args, c),
            _ => CelError.NoMatchingOverload("format", a),
        });
        builder.Member("reverse", 0, (a, _) => a[0] switch
        {
            string s => CodePoints.Reverse(s),
            CelList list => ListsExtension.Reverse(list),
            _ => CelError.NoMatchingOverload("reverse", a),
        });
    }

    // Charges a scan of the receiver string, for functions linear in its length.
    private static ReadOnlySpan<object?> Scan(ReadOnlySpan<object?> args, EvalContext context)
    {
        if (args[0] is string text)
        {
            context.ChargeText(text);
        }
        return args;
    }

    private static object CharAt(string s, long index)
    {
        var points = new CodePoints(s);
        if (index < 0 || index > points.Length)
        {
            return new CelError($"index out of range: {index}");
        }
        return index == points.Length ? "" : points.Substring((int)index, (int)index + 1);
    }

    private static object IndexOf(ReadOnlySpan<object?> a, object? from, bool last)
    {
        if (a[0] is not string s || a[1] is not string sub || (from is not null and not long))
        {
            return CelError.NoMatchingOverload(last ? "lastIndexOf" : "indexOf", a);
        }
        var points = new CodePoints(s);
        var start = from is long f ? f : last ? points.Length : 0;
        if (start < 0 || start > points.Length)
        {
            return new CelError($"index out of range: {start}");
        }
        int found;
        if (last)
        {
            var searchEnd = Math.Min(points.Offset((int)start) + sub.Length, s.Length);
            found = s.LastIndexOf(sub, searchEnd == 0 ? 0 : searchEnd - 1, searchEnd, StringComparison.Ordinal);
            if (sub.Length == 0)
            {
                found = points.Offset((int)start);
            }
        }
        else
        {
            found = s.IndexOf(sub, points.Offset((int)start), StringComparison.Ordinal);
        }
        return found < 0 ? -1L : (long)points.IndexOf(found);
    }

    private static string MapAscii(string s, Func<char, char> map)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAscii(chars[i]))
            {
                chars[i] = map(chars[i]);
            }
        }
        return new string(chars);
    }

    private static object Replace(ReadOnlySpan<object?> a, long limit, EvalContext context)
    {
        if (a[0] is not string s || a[1] is not string old || a[2] is not string replacement)
        {
            return CelError.NoMatchingOverload("replace", a);
        }
        var text = new StringBuilder();
        var position = 0;
        for (var count = 0L; limit < 0 || count < limit; count++)
        {
            var found = old.Length == 0 ? (position <= s.Length ? position : -1) : s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            text.Append(s, position, found - position).Append(replacement);
            if (old.Length == 0)
            {
                if (found < s.Length)
                {
                    text.Append(s[found]);
                }
                position = found + 1;
            }
            else
            {
                position = found + old.Length;
            }
            context.Allocate(replacement.Length);
        }
        if (position < s.Length)
        {
            text.Append(s, position, s.Length - position);
        }
        context.Allocate(text.Length);
        return text.ToString();
    }

    private static object Split(ReadOnlySpan<object?> a, long limit, EvalContext context)
    {
        if (a[0] is not string s || a[1] is not string separator)
        {
            return CelError.NoMatchingOverload("split", a);
        }
        if (limit == 0)
        {
            return ArrayCelList.Empty;
        }
        string[] parts;
        if (separator.Length == 0)
        {
            var runes = s.EnumerateRunes().Select(r => r.ToString()).ToList();
            if (limit > 0 && runes.Count > limit)
            {
                var head = runes.Take((int)limit - 1).ToList();
                head.Add(string.Concat(runes.Skip((int)limit - 1)));
                runes = head;
            }
            parts = [.. runes];
        }
        else
        {
            parts = limit > 0 ? s.Split(separator, (int)Math.Min(limit, int.MaxValue)) : s.Split(separator);
        }
        context.Allocate(parts.Length + s.Length);
        return new ArrayCelList([.. parts]);
    }

    private static object Substring(string s, long start, long end)
    {
        var points = new CodePoints(s);
        if (start < 0 || start > points.Length || end < 0 || end > points.Length || start > end)
        {
            return new CelError($"substring: index out of range: start {start}, end {end}, length {points.Length}");
        }
        return points.Substring((int)start, (int)end);
    }

    private static object Join(CelList list, string separator, EvalContext context)
    {
        var parts = new string[list.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (list[i] is not string part)
            {
                return CelError.NoMatchingOverload("join", list[i]);
            }
            parts[i] = part;
        }
        var joined = string.Join(separator, parts);
        context.Allocate(joined.Length);
        return joined;
    }
}
