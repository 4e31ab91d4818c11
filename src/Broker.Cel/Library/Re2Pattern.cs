using System.Text;
using System.Text.RegularExpressions;

namespace Broker.Cel.Library;

/// <summary>Accepts RE2 syntax only and runs it on .NET's non-backtracking engine (linear time,
/// like RE2) under a timeout. Constructs RE2 lacks (lookaround, backreferences, atomic groups,
/// possessive quantifiers, conditionals) are rejected instead of silently running.</summary>
internal static class Re2Pattern
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Translates RE2 syntax to .NET syntax, or returns the reason it is not RE2.
    /// Perl classes and <c>$</c> get RE2's ASCII / end-of-text meaning.</summary>
    public static bool TryTranslate(string pattern, out string translated, out string? problem)
    {
        var text = new StringBuilder(pattern.Length);
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?sm", StringComparison.Ordinal) || pattern.Contains("(?im", StringComparison.Ordinal);
        problem = null;
        for (var i = 0; i < pattern.Length && problem is null; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            switch (c)
            {
                case '\\':
                    problem = Escape(text, next, inClass: false);
                    i++;
                    break;
                case '[':
                    i = AppendClass(pattern, i, text);
                    break;
                case '$' when !multiline:
                    text.Append("\\z"); // RE2's $ does not match before a final newline
                    break;
                case '(' when next == '?' && pattern.AsSpan(i + 2).StartsWith("P<"):
                    text.Append("(?<");
                    i += 3;
                    break;
                case '(' when next == '?':
                    problem = GroupProblem(pattern.AsSpan(i + 2));
                    text.Append(c);
                    break;
                case '+' or '*' or '?' or '}' when next == '+':
                    problem = "possessive quantifiers are not supported by RE2";
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
        translated = problem is null ? text.ToString() : "";
        return problem is null && Compiles(translated, out problem);
    }

    // Copies a character class starting at `[`, translating escapes and POSIX classes; returns
    // the index of its closing `]` (or the end, which the .NET parser then reports).
    private static int AppendClass(string pattern, int start, StringBuilder text)
    {
        text.Append('[');
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            text.Append('^');
            i++;
        }
        if (i < pattern.Length && pattern[i] == ']')
        {
            text.Append("\\]");
            i++;
        }
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']')
            {
                text.Append(']');
                return i;
            }
            if (c == '\\' && i + 1 < pattern.Length)
            {
                Escape(text, pattern[++i], inClass: true);
                continue;
            }
            if (c == '[' && pattern.AsSpan(i).StartsWith("[:") && pattern.IndexOf(":]", i, StringComparison.Ordinal) is var end and > 0
                && PosixClass(pattern[(i + 2)..end]) is { } members)
            {
                text.Append(members);
                i = end + 1;
                continue;
            }
            text.Append(c == '[' ? "\\[" : c.ToString());
        }
        return i;
    }

    private static string? PosixClass(string name) => name switch
    {
        "alpha" => "A-Za-z",
        "digit" => "0-9",
        "alnum" => "0-9A-Za-z",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => "\\t\\n\\v\\f\\r ",
        "xdigit" => "0-9A-Fa-f",
        "word" => "0-9A-Za-z_",
        "punct" => "!-/:-@\\[-`{-~",
        "blank" => "\\t ",
        _ => null,
    };

    private static bool Compiles(string translated, out string? problem)
    {
        problem = null;
        try
        {
            _ = new Regex(translated, Options);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return false;
        }
        catch (NotSupportedException e)
        {
            problem = e.Message;
            return false;
        }
    }

    // RE2's Perl classes are ASCII-only, unlike .NET's Unicode ones.
    private static string? Escape(StringBuilder text, char next, bool inClass)
    {
        if (char.IsAsciiDigit(next) && next != '0')
        {
            return "backreferences (\\1) are not supported by RE2";
        }
        if (next is 'k' or 'G' or 'Z' or 'Q' or 'E' or 'C')
        {
            return $"\\{next} is not supported";
        }
        var ascii = next switch
        {
            'd' => "0-9",
            'w' => "0-9A-Za-z_",
            's' => "\\t\\n\\f\\r ",
            _ => null,
        };
        var negated = next switch
        {
            'D' => "0-9",
            'W' => "0-9A-Za-z_",
            'S' => "\\t\\n\\f\\r ",
            _ => null,
        };
        if (ascii is not null)
        {
            text.Append(inClass ? ascii : $"[{ascii}]");
        }
        else if (negated is not null && !inClass)
        {
            text.Append($"[^{negated}]");
        }
        else
        {
            text.Append('\\').Append(next); // a negated class inside a class keeps .NET's meaning
        }
        return null;
    }

    private static string? GroupProblem(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
        {
            return "lookaround assertions are not supported by RE2";
        }
        if (rest.StartsWith(">"))
        {
            return "atomic groups are not supported by RE2";
        }
        return rest.StartsWith("(") ? "conditionals are not supported by RE2" : null;
    }

    /// <summary>A compiled instance for a constant pattern, so programs do not depend on .NET's small
    /// shared regex cache (15 entries) when many rules use many patterns.</summary>
    public static Regex Compile(string translated, TimeSpan timeout) => new(translated, Options, timeout);

    /// <summary>The texts of up to <paramref name="limit"/> matches, under the timeout.</summary>
    public static List<string> Matches(string input, string translated, TimeSpan timeout, int limit)
    {
        var found = new List<string>();
        try
        {
            for (var match = Regex.Match(input, translated, Options, timeout); match.Success && found.Count < limit; match = match.NextMatch())
            {
                found.Add(match.Value);
            }
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new CelLimitExceededException($"regular expression match exceeded the timeout of {timeout.TotalMilliseconds} ms", e);
        }
        return found;
    }

    /// <summary>Matches with a compiled instance; its timeout is the one it was built with.</summary>
    public static bool IsMatch(string input, Regex regex)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new CelLimitExceededException($"regular expression match exceeded the timeout of {regex.MatchTimeout.TotalMilliseconds} ms", e);
        }
    }

    /// <summary>Matches with the per-evaluation timeout; .NET caches the compiled pattern.</summary>
    public static bool IsMatch(string input, string translated, TimeSpan timeout)
    {
        try
        {
            return Regex.IsMatch(input, translated, Options, timeout);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new CelLimitExceededException($"regular expression match exceeded the timeout of {timeout.TotalMilliseconds} ms", e);
        }
    }
}
