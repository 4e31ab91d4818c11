namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A template string whose <c>${...}</c> cannot be split out: no closing brace, an unterminated quote, an
/// empty expression. <see cref="Line"/> and <see cref="Column"/> (1-based) point into the template string.</summary>
public sealed class TemplateSyntaxException : Exception
{
    public TemplateSyntaxException()
        : this("invalid template string", 1, 1)
    {
    }

    public TemplateSyntaxException(string message)
        : this(message, 1, 1)
    {
    }

    public TemplateSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Line = 1;
        Column = 1;
    }

    public TemplateSyntaxException(string reason, int line, int column)
        : base($"{line}:{column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }
}
