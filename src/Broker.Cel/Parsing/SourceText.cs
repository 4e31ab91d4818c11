namespace Broker.Cel.Parsing;

/// <summary>The expression text, with the mapping from an offset to a 1-based line and column
/// and the caret excerpt used in compile errors.</summary>
internal sealed class SourceText(string text)
{
    public string Text => text;

    public (int Line, int Column) LocationOf(int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, position - lineStart + 1);
    }

    /// <summary>The offending line and a caret under the column, each prefixed with <c> | </c>.</summary>
    public string Excerpt(int position)
    {
        var (line, column) = LocationOf(position);
        var lines = text.Split('\n');
        var source = lines[line - 1].TrimEnd('\r').Replace('\t', ' ');
        return $" | {source}\n | {new string('.', column - 1)}^";
    }
}
