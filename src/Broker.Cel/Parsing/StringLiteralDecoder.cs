using System.Globalization;
using System.Text;

namespace Broker.Cel.Parsing;

/// <summary>Accumulates the decoded content of a string or bytes literal. Strings collect code
/// points; bytes collect UTF-8 for text and raw octets for <c>\x</c> and octal escapes.</summary>
internal sealed class StringLiteralDecoder(bool bytes)
{
    private readonly List<byte> _bytes = [];
    private readonly StringBuilder _text = new();

    public void Append(char c) => Append((int)c);

    public void Append(int codePoint)
    {
        if (bytes)
        {
            Span<byte> buffer = stackalloc byte[4];
            var length = new Rune(codePoint).EncodeToUtf8(buffer);
            foreach (var b in buffer[..length])
            {
                _bytes.Add(b);
            }
        }
        else
        {
            _text.Append(char.ConvertFromUtf32(codePoint));
        }
    }

    private void AppendOctet(int value)
    {
        if (bytes)
        {
            _bytes.Add((byte)value);
        }
        else
        {
            _text.Append((char)value);
        }
    }

    /// <summary>Decodes the escape at <paramref name="position"/> (a backslash) and returns the
    /// position after it.</summary>
    public int Escape(string text, int position, Func<int, Exception> error)
    {
        if (position + 1 >= text.Length)
        {
            throw error(position);
        }
        var c = text[position + 1];
        switch (c)
        {
            case 'a': Append('\a'); return position + 2;
            case 'b': Append('\b'); return position + 2;
            case 'f': Append('\f'); return position + 2;
            case 'n': Append('\n'); return position + 2;
            case 'r': Append('\r'); return position + 2;
            case 't': Append('\t'); return position + 2;
            case 'v': Append('\v'); return position + 2;
            case '\\' or '\'' or '"' or '`' or '?': Append(c); return position + 2;
            case 'x' or 'X':
                AppendOctet(Hex(text, position + 2, 2, error, position));
                return position + 4;
            case 'u':
                return AppendCodePoint(Hex(text, position + 2, 4, error, position), position + 6, error, position);
            case 'U':
                return AppendCodePoint(Hex(text, position + 2, 8, error, position), position + 10, error, position);
            case >= '0' and <= '3':
                if (position + 3 >= text.Length || !IsOctal(text[position + 2]) || !IsOctal(text[position + 3]))
                {
                    throw error(position);
                }
                AppendOctet(((c - '0') * 64) + ((text[position + 2] - '0') * 8) + (text[position + 3] - '0'));
                return position + 4;
            default:
                throw error(position);
        }
    }

    private int AppendCodePoint(int codePoint, int next, Func<int, Exception> error, int position)
    {
        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            throw error(position);
        }
        Append(codePoint);
        return next;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static int Hex(string text, int start, int length, Func<int, Exception> error, int position)
    {
        if (start + length > text.Length
            || !int.TryParse(text.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value < 0)
        {
            throw error(position);
        }
        return value;
    }

    public string ToStringValue() => _text.ToString();

    public Values.CelBytes ToBytes() => Values.CelBytes.Own([.. _bytes]);
}
