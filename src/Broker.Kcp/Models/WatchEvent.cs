using System.Text.Json.Nodes;

namespace Broker.Kcp.Models;

/// <summary>One change to one object. For <see cref="WatchEventType.Deleted"/> the object is its last known state;
/// for <see cref="WatchEventType.Bookmark"/> it carries only <c>metadata.resourceVersion</c>.
/// An event read from a watch stream keeps the object's bytes (<see cref="Utf8"/>) and its <see cref="Header"/> only:
/// the node tree (<see cref="Object"/>) is parsed the first time someone asks for it, so an informer, its known
/// objects and a cache without indexes never build one.</summary>
public sealed class WatchEvent
{
    private JsonObject? _object;

    /// <param name="names">Where the header's names come from (<see cref="NameTable"/>); null: strings of their own.</param>
    public WatchEvent(WatchEventType type, JsonObject obj, NameTable? names = null)
        : this(type, obj, ObjectHeader.Of(obj, names), default)
    {
    }

    private WatchEvent(WatchEventType type, JsonObject? obj, ObjectHeader header, ReadOnlyMemory<byte> utf8)
    {
        Type = type;
        _object = obj;
        Header = header;
        Utf8 = utf8;
    }

    /// <summary>An event of an object given as its JSON, which must be one valid JSON object (a watch stream checked it);
    /// throws <see cref="InvalidDataException"/> when its header fields have the wrong type. With <paramref name="names"/>,
    /// the header's names are the table's instances.</summary>
    public static WatchEvent FromUtf8(WatchEventType type, ReadOnlyMemory<byte> utf8, NameTable? names = null) =>
        new(type, null, ObjectHeader.Read(utf8.Span, names), utf8);

    public WatchEventType Type { get; }

    /// <summary>Kind, identity and resourceVersion of the object, read without a node tree.</summary>
    public ObjectHeader Header { get; }

    /// <summary>The object, shared by every subscriber: nobody may change it. Parsed from <see cref="Utf8"/> on first use.</summary>
    public JsonObject Object
    {
        get
        {
            if (Volatile.Read(ref _object) is { } obj)
            {
                return obj;
            }

            var parsed = (JsonObject)JsonNode.Parse(Utf8.Span)!;
            return Interlocked.CompareExchange(ref _object, parsed, null) ?? parsed;
        }
    }

    /// <summary>The object's JSON as the server sent it, when the event came from a watch stream (empty otherwise,
    /// e.g. for a listed object). Equal in content to <see cref="Object"/>.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>The same object as an event of another type (an informer reports a MODIFIED it had not seen as ADDED).</summary>
    public WatchEvent As(WatchEventType type) => type == Type ? this : new(type, Volatile.Read(ref _object), Header, Utf8);

    public override string ToString() => $"{Type} {Header.Key}@{Header.ResourceVersion}";
}
