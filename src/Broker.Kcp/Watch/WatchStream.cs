using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Kcp.Watch;

/// <summary>Reads a Kubernetes watch body: one <c>{"type":…,"object":…}</c> per line. An <c>ERROR</c> event
/// becomes the matching <see cref="KubeApiException"/> (a 410 becomes <see cref="GoneException"/>), so no caller can miss it.
/// Lines are parsed as the UTF-8 they arrive in, and each event keeps its object's bytes (<see cref="WatchEvent.Utf8"/>)
/// so a cache stores them without serializing the object again; only the object's header is read (no node tree).</summary>
public static class WatchStream
{
    public static IAsyncEnumerable<WatchEvent> ReadAsync(Stream body, CancellationToken cancellationToken) => ReadAsync(body, names: null, cancellationToken);

    /// <summary>The events of a watch body; with <paramref name="names"/>, their headers' names are the table's instances.</summary>
    public static async IAsyncEnumerable<WatchEvent> ReadAsync(Stream body, NameTable? names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Zero-byte reads: an idle watch waits for data without holding a buffer (a thousand open watches held 16 KiB
        // each, most of them idle); the buffer is rented when an event arrives and returned once it is consumed.
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true, useZeroByteReads: true));
        var events = new List<WatchEvent>(); // the complete lines of one read, handed out after the buffer is released
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                events.Clear();
                ExceptionDispatchInfo? failure = null;
                try
                {
                    while (TryReadLine(ref buffer, out var line) || (result.IsCompleted && TakeRest(ref buffer, out line)))
                    {
                        if (Parse(line, names) is { } e)
                        {
                            events.Add(e);
                        }
                    }
                }
                catch (Exception ex) when (ex is InvalidDataException or KubeApiException)
                {
                    failure = ExceptionDispatchInfo.Capture(ex); // after the events before it
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var e in events)
                {
                    yield return e;
                }

                failure?.Throw();
                if (result.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Parses one line; throws <see cref="InvalidDataException"/> for lines that are not watch events.</summary>
    public static WatchEvent ParseLine(string line) =>
        Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), names: null) ?? throw Malformed(line, "blank line");

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    // The last line of a body that does not end in a newline.
    private static bool TakeRest(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = buffer;
        buffer = buffer.Slice(buffer.End);
        return !line.IsEmpty;
    }

    // Null for a blank line.
    private static WatchEvent? Parse(ReadOnlySequence<byte> line, NameTable? names)
    {
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (bytes.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }

        var obj = ReadFrame(bytes, out var type);
        if (type is null)
        {
            throw Malformed(bytes, "no type");
        }

        if (obj.IsEmpty)
        {
            throw Malformed(bytes, "no object");
        }

        var kind = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => throw KubeApiErrors.FromStatus(KubeJson.ToTyped<Status>((JsonObject)JsonNode.Parse(obj)!)),
            _ => throw Malformed(bytes, $"unknown type '{type}'"),
        };
        try
        {
            return WatchEvent.FromUtf8(kind, obj.ToArray(), names);
        }
        catch (InvalidDataException ex)
        {
            throw Malformed(bytes, ex.Message);
        }
    }

    // The frame's type and the bytes of its object, found without building a node tree of the frame.
    private static ReadOnlySpan<byte> ReadFrame(ReadOnlySpan<byte> bytes, out string? type)
    {
        type = null;
        ReadOnlySpan<byte> obj = default;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(bytes, "not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isObject = !isType && reader.ValueTextEquals("object"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (isObject && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    obj = bytes[start..(int)reader.BytesConsumed];
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Malformed watch event: {ex.Message}: {Shorten(bytes)}", ex);
        }

        return obj;
    }

    private static InvalidDataException Malformed(ReadOnlySpan<byte> line, string why) => Malformed(Encoding.UTF8.GetString(line), why);

    private static InvalidDataException Malformed(string line, string why) => new($"Malformed watch event ({why}): {Shorten(line)}");

    private static string Shorten(ReadOnlySpan<byte> line) => Shorten(Encoding.UTF8.GetString(line[..Math.Min(line.Length, 400)]));

    private static string Shorten(string line) => line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "…");
}
