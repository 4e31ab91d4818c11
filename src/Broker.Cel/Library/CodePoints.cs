using System.Text;

namespace Broker.Cel.Library;

/// <summary>CEL indexes strings by code point; most strings have no surrogate pairs, so those are
/// indexed directly and only the rest are expanded to runes.</summary>
internal readonly struct CodePoints
{
    private readonly string _text;
    private readonly int[]? _offsets;   // UTF-16 offset of each code point, when surrogates exist

    public CodePoints(string text)
    {
        _text = text;
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return;
        }
        var offsets = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                offsets.Add(i);
            }
        }
        _offsets = [.. offsets];
    }

    public int Length => _offsets?.Length ?? _text.Length;

    /// <summary>UTF-16 offset of code point <paramref name="index"/> (0..Length).</summary>
    public int Offset(int index) => _offsets is null ? index : index == _offsets.Length ? _text.Length : _offsets[index];

    /// <summary>Code point index of the UTF-16 offset.</summary>
    public int IndexOf(int offset) => _offsets is null ? offset : offset >= _text.Length ? _offsets.Length : Array.BinarySearch(_offsets, offset);

    public string Substring(int start, int end) => _text[Offset(start)..Offset(end)];

    public static string Reverse(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        var builder = new StringBuilder(text.Length);
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }
}
