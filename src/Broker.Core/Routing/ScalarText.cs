using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>
/// A JSON scalar read as the text upstream compares (Go's <c>%v</c>): a string's content, a number's
/// literal, true/false. Works on the raw UTF-8 of the document so the hot path does not allocate.
/// </summary>
internal static class ScalarText
{
    public static bool IsScalar(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    public static bool EqualsText(JsonElement value, string candidate, byte[] candidateUtf8) =>
        value.ValueKind == JsonValueKind.String
            ? value.ValueEquals(candidate)
            : JsonMarshal.GetRawUtf8Value(value).SequenceEqual(candidateUtf8);

    public static bool EndsWith(JsonElement value, string suffix, byte[] suffixUtf8)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (value.ValueKind != JsonValueKind.String)
        {
            return raw.EndsWith(suffixUtf8);
        }

        var content = raw[1..^1];
        return content.Contains((byte)'\\')
            ? value.GetString()!.EndsWith(suffix, StringComparison.Ordinal) // escapes: compare decoded text
            : content.EndsWith(suffixUtf8);
    }

    /// <summary>The value as an integer the way upstream's strconv.Atoi reads its text; 1.5 or "big" are not.</summary>
    public static bool TryGetInteger(JsonElement value, out long integer)
    {
        integer = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetInt64(out integer); // false for 1.5, 1.0 and 1e3, as for strconv.Atoi on their text
            case JsonValueKind.String:
                var content = JsonMarshal.GetRawUtf8Value(value)[1..^1];
                return Utf8Parser.TryParse(content, out integer, out var consumed) && consumed == content.Length && content.Length > 0;
            default:
                return false;
        }
    }

    /// <summary>The value for a message: strings quoted, other scalars as written, long values cut short.</summary>
    public static string Render(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));
        if (text.Length > 64)
        {
            text = string.Concat(text.AsSpan(0, 61), "...");
        }

        return value.ValueKind == JsonValueKind.String ? Quote(text) : text;
    }

    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
