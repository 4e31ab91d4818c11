using System.Globalization;

namespace Broker.Cel.Parsing;

/// <summary>Turns CEL source into tokens: numbers (decimal and hex, <c>u</c> suffix), strings and
/// bytes in every quoting form, identifiers, operators; skips whitespace and <c>//</c> comments.</summary>
internal sealed class Lexer(SourceText source)
{
    private readonly string _text = source.Text;
    private int _position;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        if (_position >= _text.Length)
        {
            return new Token(TokenKind.End, _position, null);
        }
        var start = _position;
        var c = _text[_position];
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number();
        }
        if (c is '"' or '\'')
        {
            return StringLiteral(start, raw: false, bytes: false);
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var prefix = PrefixedLiteral(start);
            if (prefix is { } literal)
            {
                return literal;
            }
            while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
            {
                _position++;
            }
            var word = _text[start.._position];
            return word switch
            {
                "true" => new Token(TokenKind.True, start, word),
                "false" => new Token(TokenKind.False, start, word),
                "null" => new Token(TokenKind.Null, start, word),
                "in" => new Token(TokenKind.In, start, word),
                _ => new Token(TokenKind.Identifier, start, word),
            };
        }
        if (c == '`')
        {
            var end = _text.IndexOf('`', start + 1);
            if (end < 0 || end == start + 1)
            {
                throw Error(start, "unterminated quoted identifier");
            }
            var name = _text[(start + 1)..end];
            if (name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-' or '/' or ' ')))
            {
                throw Error(start, $"invalid character in quoted identifier `{name}`");
            }
            _position = end + 1;
            return new Token(TokenKind.QuotedIdentifier, start, name);
        }
        return Operator(start, c);
    }

    private Token? PrefixedLiteral(int start)
    {
        var c = char.ToLowerInvariant(_text[start]);
        var next = char.ToLowerInvariant(Peek(1));
        if ((c == 'r' || c == 'b') && (Peek(1) is '"' or '\''))
        {
            _position++;
            return StringLiteral(start, raw: c == 'r', bytes: c == 'b');
        }
        if (((c == 'r' && next == 'b') || (c == 'b' && next == 'r')) && (Peek(2) is '"' or '\''))
        {
            _position += 2;
            return StringLiteral(start, raw: true, bytes: true);
        }
        return null;
    }

    private Token Operator(int start, char c)
    {
        var next = Peek(1);
        var (kind, length) = (c, next) switch
        {
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('%', _) => (TokenKind.Percent, 1),
            (':', _) => (TokenKind.Colon, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('.', _) => (TokenKind.Dot, 1),
            (']', _) => (TokenKind.RightBracket, 1),
            ('(', _) => (TokenKind.LeftParen, 1),
            (')', _) => (TokenKind.RightParen, 1),
            ('{', _) => (TokenKind.LeftBrace, 1),
            ('}', _) => (TokenKind.RightBrace, 1),
            ('[', '?') => (TokenKind.LeftBracketQuestion, 2),
            ('[', _) => (TokenKind.LeftBracket, 1),
            // `?.` is optional selection only when a field name follows; `a ?.5 : b` stays a ternary.
            ('?', '.') when char.IsAsciiLetter(Peek(2)) || Peek(2) is '_' or '`' => (TokenKind.QuestionDot, 2),
            ('?', _) => (TokenKind.Question, 1),
            ('!', '=') => (TokenKind.BangEqual, 2),
            ('!', _) => (TokenKind.Bang, 1),
            ('=', '=') => (TokenKind.EqualEqual, 2),
            ('<', '=') => (TokenKind.LessEqual, 2),
            ('<', _) => (TokenKind.Less, 1),
            ('>', '=') => (TokenKind.GreaterEqual, 2),
            ('>', _) => (TokenKind.Greater, 1),
            ('&', '&') => (TokenKind.AndAnd, 2),
            ('|', '|') => (TokenKind.OrOr, 2),
            _ => throw Error(start, $"unexpected character '{c}'"),
        };
        _position += length;
        return new Token(kind, start, null);
    }

    private Token Number()
    {
        var start = _position;
        if (_text[_position] == '0' && (Peek(1) is 'x' or 'X'))
        {
            _position += 2;
            var digitsStart = _position;
            while (_position < _text.Length && char.IsAsciiHexDigit(_text[_position]))
            {
                _position++;
            }
            if (!ulong.TryParse(_text.AsSpan(digitsStart, _position - digitsStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                throw Error(start, "invalid hexadecimal literal");
            }
            return IntegerToken(start, hex);
        }
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }
        var isDouble = false;
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isDouble = true;
            _position++;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
        }
        if (Peek(0) is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            isDouble = true;
            _position += 2;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
        }
        var text = _text.AsSpan(start, _position - start);
        if (isDouble)
        {
            return new Token(TokenKind.Double, start, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(start, $"integer literal {text} out of range");
        }
        return IntegerToken(start, value);
    }

    // Int tokens carry the magnitude as ulong; the parser applies unary minus and range checks.
    private Token IntegerToken(int start, ulong value)
    {
        if (Peek(0) is 'u' or 'U')
        {
            _position++;
            return new Token(TokenKind.Uint, start, value);
        }
        return new Token(TokenKind.Int, start, value);
    }

    private Token StringLiteral(int start, bool raw, bool bytes)
    {
        var quote = _text[_position];
        var triple = Peek(1) == quote && Peek(2) == quote;
        _position += triple ? 3 : 1;
        var decoder = new StringLiteralDecoder(bytes);
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(start, "unterminated string literal");
            }
            var c = _text[_position];
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                _position += triple ? 3 : 1;
                break;
            }
            if (!triple && c is '\n' or '\r')
            {
                throw Error(start, "newline in single-quoted string literal");
            }
            if (c == '\\' && !raw)
            {
                _position = decoder.Escape(_text, _position, pos => Error(pos, "invalid escape sequence"));
                continue;
            }
            if (c == '\\' && raw && Peek(1) == quote)
            {
                // A raw string still cannot end at an escaped quote: keep both characters.
                decoder.Append(c);
                decoder.Append(quote);
                _position += 2;
                continue;
            }
            if (char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1)))
            {
                decoder.Append(char.ConvertToUtf32(c, Peek(1)));
                _position += 2;
                continue;
            }
            decoder.Append(c);
            _position++;
        }
        return bytes ? new Token(TokenKind.Bytes, start, decoder.ToBytes()) : new Token(TokenKind.String, start, decoder.ToStringValue());
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private CelCompileException Error(int position, string reason) => CelCompileException.At(source, position, "Syntax error: " + reason);
}
