namespace Broker.Cel.Parsing;

/// <summary>The function names operators parse to, as in the CEL specification.</summary>
internal static class Operators
{
    public const string Conditional = "_?_:_";
    public const string LogicalAnd = "_&&_";
    public const string LogicalOr = "_||_";
    public const string LogicalNot = "!_";
    public const string Negate = "-_";
    public const string Equal = "_==_";
    public const string NotEqual = "_!=_";
    public const string Less = "_<_";
    public const string LessEqual = "_<=_";
    public const string Greater = "_>_";
    public const string GreaterEqual = "_>=_";
    public const string Add = "_+_";
    public const string Subtract = "_-_";
    public const string Multiply = "_*_";
    public const string Divide = "_/_";
    public const string Modulo = "_%_";
    public const string Index = "_[_]";
    public const string OptionalIndex = "_[?_]";
    public const string In = "@in";

    public static string Spell(TokenKind kind) => kind switch
    {
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Bang => "!",
        TokenKind.EqualEqual => "==",
        TokenKind.BangEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.AndAnd => "&&",
        TokenKind.OrOr => "||",
        TokenKind.Question => "?",
        TokenKind.QuestionDot => "?.",
        TokenKind.Colon => ":",
        TokenKind.Dot => ".",
        TokenKind.Comma => ",",
        TokenKind.LeftBracket => "[",
        TokenKind.LeftBracketQuestion => "[?",
        TokenKind.RightBracket => "]",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBrace => "{",
        TokenKind.RightBrace => "}",
        TokenKind.True => "true",
        TokenKind.False => "false",
        TokenKind.Null => "null",
        TokenKind.In => "in",
        _ => kind.ToString(),
    };
}
