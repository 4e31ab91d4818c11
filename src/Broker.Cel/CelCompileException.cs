namespace Broker.Cel;

/// <summary>An expression that does not compile: a syntax error, an undeclared variable, an unknown
/// function or wrong arity, or a compile-time limit. <see cref="Exception.Message"/> reads
/// <c>line:column: reason</c> followed by the source line and a caret under the column.</summary>
public sealed class CelCompileException : Exception
{
    public CelCompileException()
        : this("invalid expression", 1, 1, "")
    {
    }

    public CelCompileException(string message)
        : this(message, 1, 1, "")
    {
    }

    public CelCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Line = 1;
        Column = 1;
        Excerpt = "";
    }

    public CelCompileException(string reason, int line, int column, string excerpt)
        : base(excerpt.Length == 0 ? $"{line}:{column}: {reason}" : $"{line}:{column}: {reason}\n{excerpt}")
    {
        Reason = reason;
        Line = line;
        Column = column;
        Excerpt = excerpt;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token.</summary>
    public int Column { get; }

    /// <summary>The source line and a caret under the column.</summary>
    public string Excerpt { get; }

    /// <summary><c>line:column: reason</c> on one line, for a command line or a condition message (the caret needs a
    /// fixed-width block of lines to mean anything).</summary>
    public string OneLine => $"{Line}:{Column}: {Reason.ReplaceLineEndings(" ")}";

    internal static CelCompileException At(Parsing.SourceText source, int position, string reason)
    {
        var (line, column) = source.LocationOf(position);
        return new CelCompileException(reason, line, column, source.Excerpt(position));
    }
}
