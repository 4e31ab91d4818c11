namespace Broker.Cel.Parsing;

/// <summary>One lexeme: its kind, where it starts in the source, and its decoded value
/// (the number, the unescaped string or bytes, the identifier name).</summary>
internal readonly record struct Token(TokenKind Kind, int Position, object? Value)
{
    public string Text => Value as string ?? Kind.ToString();
}
