using System.Globalization;
using System.Text;

namespace Broker.Cel.Tests.Conformance.TextProto;

/// <summary>Parses the protobuf text format used by the CEL conformance files: fields as
/// <c>name: value</c> or <c>name { ... }</c>, <c>[type.url]</c> names, <c>#</c> comments, string
/// escapes (octal, hex, unicode), adjacent string concatenation and <c>[a, b]</c> lists.</summary>
internal sealed class TextProtoParser(string text)
{
    private int _position;

    public static TextProtoMessage Parse(string text)
    {
        var parser = new TextProtoParser(text);
        var message = parser.ParseFields(closing: '\0');
        return message;
    }

    private TextProtoMessage ParseFields(char closing)
    {
        var message = new TextProtoMessage();
        while (true)
        {
            SkipTrivia();
            if (_position >= text.Length)
            {
                return closing == '\0' ? message : throw Fail("unexpected end of input");
            }
            if (text[_position] == closing)
            {
                _position++;
                return message;
            }
            var name = ParseName();
            SkipTrivia();
            var colon = Peek() == ':';
            if (colon)
            {
                _position++;
                SkipTrivia();
            }
            if (Peek() is '{' or '<')
            {
                var close = Peek() == '{' ? '}' : '>';
                _position++;
                message.Fields.Add(new TextProtoField(name, null, ParseFields(close)));
            }
            else if (Peek() == '[' && colon)
            {
                _position++;
                ParseList(message, name);
            }
            else
            {
                message.Fields.Add(new TextProtoField(name, ParseScalar(), null));
            }
            SkipTrivia();
            if (Peek() is ',' or ';')
            {
                _position++;
            }
        }
    }

    private void ParseList(TextProtoMessage message, string name)
    {
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                _position++;
                return;
            }
            if (Peek() == '{')
            {
                _position++;
                message.Fields.Add(new TextProtoField(name, null, ParseFields('}')));
            }
            else
            {
                message.Fields.Add(new TextProtoField(name, ParseScalar(), null));
            }
            SkipTrivia();
            if (Peek() == ',')
            {
                _position++;
            }
        }
    }

    private string ParseName()
    {
        if (Peek() == '[')
        {
            var end = text.IndexOf(']', _position);
            var name = text[_position..(end + 1)];
            _position = end + 1;
            return name;
        }
        var start = _position;
        while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '.'))
        {
            _position++;
        }
        return start == _position ? throw Fail("expected a field name") : text[start.._position];
    }

    private TextProtoScalar ParseScalar()
    {
        if (Peek() is '"' or '\'')
        {
            var bytes = new List<byte>();
            while (Peek() is '"' or '\'')
            {
                ReadQuoted(bytes);
                SkipTrivia();
            }
            return new TextProtoScalar(Encoding.UTF8.GetString([.. bytes]), [.. bytes]);
        }
        var start = _position;
        while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '.' or '-' or '+'))
        {
            _position++;
        }
        return start == _position ? throw Fail("expected a value") : new TextProtoScalar(text[start.._position], null);
    }

    private void ReadQuoted(List<byte> bytes)
    {
        var quote = text[_position++];
        Span<byte> utf8 = stackalloc byte[4];
        while (text[_position] != quote)
        {
            var c = text[_position++];
            if (c != '\\')
            {
                var rune = char.IsHighSurrogate(c) ? new Rune(c, text[_position++]) : new Rune(c);
                var length = rune.EncodeToUtf8(utf8);
                bytes.AddRange(utf8[..length].ToArray());
                continue;
            }
            ReadEscape(bytes, utf8);
        }
        _position++;
    }

    private void ReadEscape(List<byte> bytes, Span<byte> utf8)
    {
        var e = text[_position++];
        switch (e)
        {
            case 'n': bytes.Add((byte)'\n'); break;
            case 'r': bytes.Add((byte)'\r'); break;
            case 't': bytes.Add((byte)'\t'); break;
            case 'a': bytes.Add(7); break;
            case 'b': bytes.Add(8); break;
            case 'f': bytes.Add(12); break;
            case 'v': bytes.Add(11); break;
            case 'x' or 'X':
                var hexStart = _position;
                while (_position < text.Length && _position - hexStart < 2 && char.IsAsciiHexDigit(text[_position]))
                {
                    _position++;
                }
                bytes.Add(byte.Parse(text.AsSpan(hexStart, _position - hexStart), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                break;
            case 'u' or 'U':
                var digits = e == 'u' ? 4 : 8;
                var code = int.Parse(text.AsSpan(_position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _position += digits;
                var length = new Rune(code).EncodeToUtf8(utf8);
                bytes.AddRange(utf8[..length].ToArray());
                break;
            case >= '0' and <= '7':
                var value = e - '0';
                for (var i = 0; i < 2 && _position < text.Length && text[_position] is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (text[_position++] - '0');
                }
                bytes.Add((byte)value);
                break;
            default:
                bytes.Add((byte)e);
                break;
        }
    }

    private void SkipTrivia()
    {
        while (_position < text.Length)
        {
            if (char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
            else if (text[_position] == '#')
            {
                while (_position < text.Length && text[_position] != '\n')
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

    private char Peek() => _position < text.Length ? text[_position] : '\0';

    private FormatException Fail(string reason)
    {
        var line = text.AsSpan(0, Math.Min(_position, text.Length)).Count('\n') + 1;
        return new FormatException($"textproto line {line}: {reason}");
    }
}
