using System.Text;

namespace Broker.Json.Schema;

/// <summary>
/// Rewrites a Kubernetes (Go RE2) pattern so .NET matches it the same way: "$" ends the text
/// (in .NET it also matches before a final newline, which would let "abc\n" pass "^[a-z]+$"),
/// \d \w \s are ASCII-only, and (?P&lt;name&gt;...) is a named group.
/// </summary>
internal static class Re2Pattern
{
    public static string ToDotNet(string pattern)
    {
        var multiline = HasMultilineFlag(pattern);
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        var classStart = -1;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(Escape(pattern[++i], inClass));
                continue;
            }

            if (inClass)
            {
                // A "]" right after "[" or "[^" is a literal, in RE2 as in .NET.
                inClass = c != ']' || i == classStart;
                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    classStart = i + 1 < pattern.Length && pattern[i + 1] == '^' ? i + 2 : i + 1;
                    result.Append(c);
                    break;
                case '$' when !multiline:
                    result.Append(@"\z");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    result.Append("(?<");
                    i += 3;
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    private static string Escape(char c, bool inClass) => c switch
    {
        'd' => inClass ? "0-9" : "[0-9]",
        'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
        's' => inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]",
        'D' when !inClass => "[^0-9]",
        'W' when !inClass => "[^0-9A-Za-z_]",
        'S' when !inClass => @"[^\t\n\f\r ]",
        _ => "\\" + c,
    };

    private static bool HasMultilineFlag(string pattern)
    {
        for (var at = pattern.IndexOf("(?", StringComparison.Ordinal); at >= 0; at = pattern.IndexOf("(?", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < pattern.Length && (char.IsAsciiLetter(pattern[end]) || pattern[end] == '-'))
            {
                if (pattern[end] == 'm')
                {
                    return true;
                }

                end++;
            }
        }

        return false;
    }
}
