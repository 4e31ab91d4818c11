using System.Text;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>
/// Splits a template string into literal text and <c>${...}</c> CEL expressions. The closing brace is found by
/// counting braces outside CEL string literals, so map literals (<c>${ {"a": "}"}.a }</c>) and quoted braces
/// (<c>${ "x" + "{" }</c>) stay inside the expression. <c>$${</c> is a literal <c>${</c>.
/// </summary>
public static class TemplateString
{
    /// <summary>True when <paramref name="text"/> holds an expression or an escape, i.e. when parsing can change it.</summary>
    public static bool IsTemplated(string text) => text.Contains("${", StringComparison.Ordinal);

    /// <exception cref="TemplateSyntaxException">With the line and column in <paramref name="text"/>.</exception>
    public static IReadOnlyList<TemplateSegment> Parse(string text)
    {
        var segments = new List<TemplateSegment>();
        var literal = new StringBuilder();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (string.CompareOrdinal(text, i, "$${", 0, 3) == 0)
            {
                literal.Append("${");
                i += 3;
            }
            else if (string.CompareOrdinal(text, i, "${", 0, 2) == 0)
            {
                if (literal.Length > 0)
                {
                    segments.Add(new TemplateSegment(literal.ToString(), false, literalStart));
                    literal.Clear();
                }

                var start = i + 2;
                var end = ClosingBrace(text, i);
                if (string.IsNullOrWhiteSpace(text[start..end]))
                {
                    throw At(text, i, "empty expression ${}");
                }

                segments.Add(new TemplateSegment(text[start..end], true, start));
                i = end + 1;
                literalStart = i;
            }
            else
            {
                literal.Append(text[i]);
                i++;
            }
        }

        if (literal.Length > 0 || segments.Count == 0)
        {
            segments.Add(new TemplateSegment(literal.ToString(), false, literalStart));
        }

        return segments;
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) Position(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    // The index of the '}' that closes the "${" at dollar.
    private static int ClosingBrace(string text, int dollar)
    {
        var depth = 0;
        var i = dollar + 2;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '"' or '\'':
                    i = AfterStringLiteral(text, i);
                    continue;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }

            i++;
        }

        throw At(text, dollar, "unterminated ${: no closing }");
    }

    // The index after the CEL string literal whose opening quote is at quote: single or triple quotes, raw
    // (r"...", no escapes) or not (a backslash escapes the next character).
    private static int AfterStringLiteral(string text, int quote)
    {
        var q = text[quote];
        var raw = IsRawPrefix(text, quote);
        var triple = quote + 2 < text.Length && text[quote + 1] == q && text[quote + 2] == q;
        var i = quote + (triple ? 3 : 1);
        while (i < text.Length)
        {
            if (text[i] == '\\' && !raw)
            {
                i += 2;
                continue;
            }

            if (text[i] == q && (!triple || (i + 2 < text.Length && text[i + 1] == q && text[i + 2] == q)))
            {
                return i + (triple ? 3 : 1);
            }

            i++;
        }

        throw At(text, quote, "unterminated string literal in ${...}");
    }

    // r"..." or R'...', also after a bytes prefix (br"..."), but not the end of an identifier such as "var".
    private static bool IsRawPrefix(string text, int quote)
    {
        if (quote < 1 || text[quote - 1] is not ('r' or 'R'))
        {
            return false;
        }

        var before = quote - 2;
        if (before >= 0 && text[before] is 'b' or 'B')
        {
            before--;
        }

        return before < 0 || !(char.IsLetterOrDigit(text[before]) || text[before] == '_');
    }

    private static TemplateSyntaxException At(string text, int offset, string reason)
    {
        var (line, column) = Position(text, offset);
        return new TemplateSyntaxException(reason, line, column);
    }
}
