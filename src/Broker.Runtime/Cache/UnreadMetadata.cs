using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    private readonly FrozenSet<string> _fields;

    private UnreadMetadata(IEnumerable<string> fields) => _fields = fields.Append(ManagedFields).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Only <c>managedFields</c>: what every cache leaves out.</summary>
    public static UnreadMetadata ManagedFieldsOnly { get; } = new([]);

    /// <summary>Also the fields the server sets and an update cannot change (about 100 bytes an object): for a cache
    /// whose readers read none of them, and whose object no user expression (a translation, a migration template) sees.</summary>
    public static UnreadMetadata ServerSet { get; } = new(["uid", "creationTimestamp", "generation"]);

    public IReadOnlySet<string> Fields => _fields;

    public bool In(JsonObject obj) => obj["metadata"] is JsonObject metadata && metadata.Any(p => _fields.Contains(p.Key));

    /// <summary>The object's compact UTF-8 JSON without these fields; the object itself is not changed.</summary>
    public byte[] Without(JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in obj)
            {
                writer.WritePropertyName(key);
                if (key == "metadata" && value is JsonObject metadata)
                {
                    writer.WriteStartObject();
                    foreach (var (field, fieldValue) in metadata.Where(p => !_fields.Contains(p.Key)))
                    {
                        writer.WritePropertyName(field);
                        WriteValue(writer, fieldValue);
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
