using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Related;

/// <summary>
/// What the related-object sync copies of an object: every top-level field but apiVersion, kind, metadata and status (a
/// Secret's <c>data</c> and <c>type</c>). The Secrets' caches keep only a digest of it (<see cref="Digested"/>): the sync
/// needs the content only to decide "unchanged", and reads the provider's Secret from kcp in the rare pass that writes.
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
    public static string Digest(JsonObject obj)
    {
        if ((string?)obj[DigestField] is { } digest)
        {
            return digest;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, obj, IsContent);
        }

        return Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>What a cache keeps of <paramref name="obj"/>: apiVersion, kind, metadata and the content's digest. A new
    /// object; <paramref name="obj"/> is not changed. The metadata leaves out <see cref="UnreadMetadata.ServerSet"/>: the
    /// sync compares names, labels, ownerReferences and the digest, and an update it sends from a cached object leaves
    /// uid, creationTimestamp and generation to the server (about 100 bytes less per Secret).</summary>
    public static JsonObject Digested(JsonObject obj)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in obj["metadata"] as JsonObject ?? [])
        {
            if (!UnreadMetadata.ServerSet.Fields.Contains(key))
            {
                metadata[key] = value?.DeepClone();
            }
        }

        return new JsonObject
        {
            ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
            ["kind"] = obj["kind"]?.DeepClone(),
            ["metadata"] = metadata,
            [DigestField] = Digest(obj),
        };
    }

    // Object keys in ordinal order at every level, so two servers' (or a server's and our) orderings digest alike.
    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node, Func<string, bool>? fields = null)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.Where(p => fields?.Invoke(p.Key) ?? true).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
