using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>
/// The metadata fields a cache leaves out of the objects it keeps (client-go's TransformFunc does the same):
/// <c>managedFields</c> in every cache (a real kcp writes them on every object, server-side apply bookkeeping often
/// larger than the object itself, and the broker never reads them), and per cache the fields none of its readers read.
/// An update the broker sends from a cached object without <c>uid</c>, <c>creationTimestamp</c> or <c>generation</c>
/// leaves the server's in place: kube-apiserver's <c>rest.BeforeUpdate</c>, on every kcp shard, takes them from the
/// stored object (<see cref="ServerSet"/>).
/// </summary>
public sealed class UnreadMetadata
{
    private const string ManagedFields = "managedFields";

    private const int LongestName = 64; // a longer field name is none of these

    private readonly FrozenSet<string> _fields;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _byName;

    private UnreadMetadata(IEnumerable<string> fields)
    {
        _fields = fields.Append(ManagedFields).ToFrozenSet(StringComparer.Ordinal);
        _byName = _fields.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Only <c>managedFields</c>: what every cache leaves out.</summary>
    public static UnreadMetadata ManagedFieldsOnly { get; } = new([]);

    /// <summary>Also the fields the server sets and an update cannot change (about 100 bytes an object): for a cache
    /// whose readers read none of them, and whose object no user expression (a translation, a migration template) sees.</summary>
    public static UnreadMetadata ServerSet { get; } = new(["uid", "creationTimestamp", "generation"]);

    public IReadOnlySet<string> Fields => _fields;

    /// <summary>False when the object has none of these fields for certain, read from its header: then its bytes need
    /// no walk (for <see cref="ManagedFieldsOnly"/>, an object without managedFields, every object LocalKcp serves).</summary>
    public bool MayCut(ObjectHeader header) => header.HasManagedFields || _fields.Count > 1;

    /// <summary>The object's JSON without these fields of its metadata, cut out of the bytes (no node tree is built, the
    /// rest is copied as it came); null when it has none of them.</summary>
    public byte[]? Without(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                return WithoutFields(utf8, ref reader);
            }

            reader.Skip();
        }

        return null;
    }

    // The reader is on metadata's '{': keeps every other field's bytes, from its name's quote to its value's end.
    private byte[]? WithoutFields(ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader)
    {
        var open = (int)reader.TokenStartIndex;
        var kept = new List<(int Start, int End)>();
        var cut = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var unread = IsUnread(ref reader);
            reader.Read();
            reader.Skip();
            if (unread)
            {
                cut = true;
            }
            else
            {
                kept.Add((start, (int)reader.BytesConsumed));
            }
        }

        if (!cut)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(utf8.Length);
        buffer.Write(utf8[..(open + 1)]);
        for (var i = 0; i < kept.Count; i++)
        {
            buffer.Write(i == 0 ? [] : ","u8);
            buffer.Write(utf8[kept[i].Start..kept[i].End]);
        }

        buffer.Write("}"u8);
        buffer.Write(utf8[(int)reader.BytesConsumed..]);
        return buffer.WrittenSpan.ToArray();
    }

    // The property name the reader is on, compared without making a string of it.
    private bool IsUnread(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > LongestName)
        {
            return false;
        }

        Span<char> name = stackalloc char[LongestName];
        return _byName.Contains(name[..reader.CopyString(name)]);
    }
}
