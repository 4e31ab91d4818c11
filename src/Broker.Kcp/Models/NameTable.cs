using System.Text.Json;

namespace Broker.Kcp.Models;

/// <summary>
/// One instance of each name in a process: an object's name, namespace, logical cluster and kind, shared by every
/// informer, cache and key that holds them. Each informer reads them anew from every event, so without it a broker of
/// 5,000 objects held about seven instances of each object's name and of each staging workspace's cluster (the
/// consumer object, its copy, the Secrets, the Placement, the informers' keys...). A name read from JSON that the table
/// already has allocates nothing.
/// <para>Bounded without knowing who still holds a name: two generations. A name is added to the current one (or
/// carried over from the previous one when found there); when the current one has grown to twice what the previous one
/// held, it becomes the previous one and the older is dropped. A dropped name still in use is only held more than once
/// again, never lost. Thread-safe.</para>
/// </summary>
public sealed class NameTable
{
    /// <summary>Longer strings are not names; they are returned as they are, not pooled.</summary>
    public const int LongestName = 256;

    private const int SmallestGeneration = 4096;

    private readonly Lock _gate = new();
    private HashSet<string> _current = new(StringComparer.Ordinal);
    private HashSet<string> _previous = new(StringComparer.Ordinal);

    /// <summary>Names held, counting a name carried over in both generations twice.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    public string Intern(string value) => value.Length is 0 or > LongestName ? value : Intern(value.AsSpan(), value);

    public string Intern(ReadOnlySpan<char> value) => value.IsEmpty ? "" : value.Length > LongestName ? new string(value) : Intern(value, null);

    /// <summary>The string at the reader's current token (which must be a string), as the table's instance.</summary>
    public string Read(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > LongestName)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[LongestName]; // UTF-16 code units never outnumber the UTF-8 bytes
        return Intern(chars[..reader.CopyString(chars)]);
    }

    private string Intern(ReadOnlySpan<char> value, string? instance)
    {
        lock (_gate)
        {
            if (_current.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known))
            {
                return known;
            }

            if (_previous.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out known))
            {
                instance = known;
            }

            instance ??= new string(value);
            if (_current.Count >= Math.Max(SmallestGeneration, 2 * _previous.Count))
            {
                (_previous, _current) = (_current, new HashSet<string>(StringComparer.Ordinal));
            }

            _current.Add(instance);
            return instance;
        }
    }
}
