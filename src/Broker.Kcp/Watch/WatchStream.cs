using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Kcp.Watch;

/// <summary>Reads a Kubernetes watch body: one <c>{"type":…,"object":…}</c> per line. An <c>ERROR</c> event
/// becomes the matching <see cref="KubeApiException"/> (a 410 becomes <see cref="GoneException"/>), so no caller can miss it.</summary>
public static class WatchStream
{
    public static async IAsyncEnumerable<WatchEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseLine(line);
        }
    }

    /// <summary>Parses one line; throws <see cref="InvalidDataException"/> for lines that are not watch events.</summary>
    public static WatchEvent ParseLine(string line)
    {
        JsonObject frame;
        try
        {
            frame = JsonNode.Parse(line) as JsonObject ?? throw Malformed(line, "not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Malformed watch event: {ex.Message}: {Shorten(line)}", ex);
        }

        var type = frame["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : throw Malformed(line, "no type");
        var obj = frame["object"] as JsonObject ?? throw Malformed(line, "no object");
        frame.Remove("object"); // detach so the object can be stored without its frame
        return type switch
        {
            "ADDED" => new WatchEvent(WatchEventType.Added, obj),
            "MODIFIED" => new WatchEvent(WatchEventType.Modified, obj),
            "DELETED" => new WatchEvent(WatchEventType.Deleted, obj),
            "BOOKMARK" => new WatchEvent(WatchEventType.Bookmark, obj),
            "ERROR" => throw KubeApiErrors.FromStatus(KubeJson.ToTyped<Status>(obj)),
            _ => throw Malformed(line, $"unknown type '{type}'"),
        };
    }

    private static InvalidDataException Malformed(string line, string why) => new($"Malformed watch event ({why}): {Shorten(line)}");

    private static string Shorten(string line) => line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "…");
}
