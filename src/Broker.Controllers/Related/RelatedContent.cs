using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Related;

/// <summary>
/// What the related-object sync copies of an object: every top-level field but apiVersion, kind, metadata and status (a
/// Secret's <c>data</c> and <c>type</c>). The Secrets' caches keep only a digest of it (<see cref="Digested"/>): the sync
/// needs the content only to decide "unchanged"; the pass that writes takes the provider's Secret in full as its watch
/// delivered it lately (<see cref="RecentContent"/>) or reads it from kcp.
/// A Secret's data is most of a brokered object's bytes, twice (the provider's and the consumer's copy).
/// </summary>
public static class RelatedContent
{
    /// <summary>The field a digested object carries instead of its content (no Kubernetes field has a slash in its name).</summary>
    public const string DigestField = "broker.platform-mesh.io/content-sha256";

    private static readonly HashSet<string> NotContent = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "status" };

    public static bool IsContent(string field) => !NotContent.Contains(field);

    /// <summary>True when <paramref name="obj"/> is a cache's digested form, without its content.</summary>
    public static bool IsDigested(JsonObject obj) => obj.ContainsKey(DigestField);

    /// <summary>The content's digest, read from a digested object or computed: equal for equal content, whatever the order
    /// of object keys.</summary>
    public static string Digest(JsonObject obj) =>
        (string?)obj[DigestField] ?? Digest(JsonSerializer.SerializeToElement(obj, KubeJson.Options), 1024);

    /// <summary>
    /// What a cache keeps of the object whose JSON is <paramref name="json"/> (the store's transform, on the watch event's
    /// bytes): apiVersion, kind, metadata and the content's digest, as JSON. Read from a parsed document, pooled, not a node
    /// tree: a Secret's event is neither built into one nor cloned. The metadata leaves out
    /// <see cref="UnreadMetadata.ServerSet"/>: the sync compares names, labels, ownerReferences and the digest, and an
    /// update it sends from a cached object leaves uid, creationTimestamp and generation to the server (about 100 bytes
    /// less per Secret).
    /// </summary>
    public static byte[] Digested(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var obj = document.RootElement;
        using var buffer = new PooledBufferWriter(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteField(writer, obj, "apiVersion");
            WriteField(writer, obj, "kind");
            writer.WriteStartObject("metadata");
            if (obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in metadata.EnumerateObject())
                {
                    if (!UnreadMetadata.ServerSet.Fields.Contains(field.Name))
                    {
                        field.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
            writer.WriteString(DigestField, Digest(obj, json.Length));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The value of a top-level field, null when it is absent.
    private static void WriteField(Utf8JsonWriter writer, JsonElement obj, string name)
    {
        writer.WritePropertyName(name);
        if (obj.TryGetProperty(name, out var value))
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    // sizeHint: about the size of the object's JSON, which the canonical content seldom exceeds.
    private static string Digest(JsonElement obj, int sizeHint)
    {
        using var buffer = new PooledBufferWriter(sizeHint);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, obj, IsContent);
        }

        return Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan));
    }

    // Object keys in ordinal order (of their UTF-16 text) at every level, so two servers' (or a server's and our) orderings
    // digest alike; strings unescaped and written again, numbers as they came.
    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, Func<string, bool>? fields = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().Where(p => fields?.Invoke(p.Name) ?? true).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
