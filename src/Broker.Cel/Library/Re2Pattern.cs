using System.Text;
using System.Text.RegularExpressions;

namespace Broker.Cel.Library;

/// <summary>Accepts RE2 syntax only and runs it on .NET's non-backtracking engine (linear time,
/// like RE2) under a timeout. Constructs RE2 lacks (lookaround, backreferences, atomic groups,
/// possessive quantifiers, conditionals) are rejected instead of silently running.</summary>
internal static class Re2Pattern
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Translates RE2 syntax to .NET syntax, or returns the reason it is not RE2.</summary>
    public static bool TryTranslate(string pattern, out string translated, out string? problem)
    {
        var text = new StringBuilder(pattern.Length);
        var inClass = false;
        problem = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '\\')
            {
                problem ??= Escape(text, next, inClass);
                i++;
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
                text.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                text.Append(c);
                if (next == '^')
                {
                    text.Append(next);
                    i++;
                }
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    text.Append(']');
                    i++;
                }
                continue;
            }
            if (c == '(' && next == '?')
            {
                var rest = pattern.AsSpan(i + 2);
                if (rest.StartsWith("P<"))
                {
                    text.Append("(?<");
                    i += 3;
                    continue;
                }
                problem ??= GroupProblem(rest);
            }
            if (c is '+' or '*' or '?' or '}' && next == '+')
            {
                problem = "possessive quantifiers are not supported by RE2";
            }
            if (problem is not null)
            {
                translated = "";
                return false;
            }
            text.Append(c);
        }
        translated = text.ToString();
        return problem is null && Compiles(translated, out problem);
    }

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

    private static string? Escape(StringBuilder text, char next, bool inClass)
    {
        if (char.IsAsciiDigit(next) && next != '0')
        {
            return "backreferences (\\1) are not supported by RE2";
        }
        if (next is 'k' or 'G' or 'Z')
        {
            return $"\\{next} is not supported by RE2";
        }
        if (next is 'd' or 'D')
        {
            // RE2's \d is ASCII only; .NET's would match every Unicode digit.
            text.Append(inClass ? (next == 'd' ? "0-9" : "\\P{Nd}") : (next == 'd' ? "[0-9]" : "[^0-9]"));
            return null;
        }
        text.Append('\\').Append(next);
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
