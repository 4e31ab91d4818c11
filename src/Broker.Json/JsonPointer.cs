using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Broker.Json;

/// <summary>
/// A JSON Pointer (RFC 6901): "" is the whole document, "/a/0" member "a" then index 0;
/// "~1" stands for "/" and "~0" for "~" inside a segment. Immutable.
/// </summary>
public sealed class JsonPointer : IEquatable<JsonPointer>
{
    private readonly string[] _segments;

    private JsonPointer(string[] segments, string text)
    {
        _segments = segments;
        Segments = segments.AsReadOnly();
        Text = text;
    }

    public static JsonPointer Root { get; } = new([], string.Empty);

    /// <summary>Unescaped reference tokens.</summary>
    public IReadOnlyList<string> Segments { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The escaped form, as written in a patch.</summary>
    public string Text { get; }

    /// <summary>Everything but the last segment; the root's parent is the root.</summary>
    public JsonPointer Parent => IsRoot ? this : FromSegments(_segments[..^1]);

    /// <summary>The unescaped last segment, or "" for the root.</summary>
    public string LastSegment => IsRoot ? string.Empty : _segments[^1];

    /// <exception cref="FormatException">The text is not a JSON pointer.</exception>
    public static JsonPointer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var pointer, out var error) ? pointer : throw new FormatException($"JSON pointer \"{text}\" {error}");
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out JsonPointer? pointer) => TryParse(text, out pointer, out _);

    /// <param name="error">Why the text is not a pointer, phrased to follow it: "must be empty or start with "/"".</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JsonPointer? pointer, [NotNullWhen(false)] out string? error)
    {
        pointer = null;
        if (text is null)
        {
            error = "must be a string, got null";
            return false;
        }

        if (text.Length == 0)
        {
            pointer = Root;
            error = null;
            return true;
        }

        if (text[0] != '/')
        {
            error = "must be empty or start with \"/\"";
            return false;
        }

        var raw = text[1..].Split('/');
        var segments = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!TryUnescape(raw[i], out var segment))
            {
                error = "has an invalid escape: \"~\" must be followed by \"0\" or \"1\"";
                return false;
            }

            segments[i] = segment;
        }

        pointer = new JsonPointer(segments, text);
        error = null;
        return true;
    }

    public static JsonPointer FromSegments(IEnumerable<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var array = segments.ToArray();
        if (array.Length == 0)
        {
            return Root;
        }

        var text = new StringBuilder();
        foreach (var segment in array)
        {
            text.Append('/').Append(Escape(segment));
        }

        return new JsonPointer(array, text.ToString());
    }

    public static string Escape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    public JsonPointer Append(string segment) => FromSegments([.. _segments, segment]);

    /// <summary>True when this pointer is an ancestor of <paramref name="other"/> (not equal to it).</summary>
    public bool IsProperPrefixOf(JsonPointer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_segments.Length >= other._segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (!string.Equals(_segments[i], other._segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Finds the node this pointer refers to. Returns false when any segment is missing; a
    /// present JSON null gives true with a null <paramref name="value"/>.
    /// </summary>
    public bool TryGet(JsonNode? document, out JsonNode? value)
    {
        value = document;
        foreach (var segment in _segments)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var member):
                    value = member;
                    break;
                case JsonArray array when TryParseIndex(segment, out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An array index as RFC 6901 allows it: "0" or digits without a leading zero. "-", "01",
    /// "1e0" and "-1" are not indexes.
    /// </summary>
    public static bool TryParseIndex(string segment, out int index)
    {
        ArgumentNullException.ThrowIfNull(segment);
        index = -1;
        if (segment.Length == 0 || (segment.Length > 1 && segment[0] == '0'))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    public bool Equals(JsonPointer? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as JsonPointer);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;

    private static bool TryUnescape(string raw, out string segment)
    {
        segment = raw;
        if (!raw.Contains('~', StringComparison.Ordinal))
        {
            return true;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                builder.Append(raw[i]);
                continue;
            }

            if (i + 1 >= raw.Length || raw[i + 1] is not ('0' or '1'))
            {
                return false;
            }

            builder.Append(raw[i + 1] == '0' ? '~' : '/');
            i++;
        }

        segment = builder.ToString();
        return true;
    }
}
