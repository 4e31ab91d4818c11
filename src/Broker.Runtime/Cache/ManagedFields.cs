using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Runtime.Cache;

/// <summary><c>metadata.managedFields</c>, which a real kcp writes on every object (server-side apply bookkeeping, often
/// larger than the object itself) and the broker never reads: the caches keep objects without them.</summary>
internal static class ManagedFields
{
    private const string Name = "managedFields";

    /// <summary>The object's compact UTF-8 JSON without <c>metadata.managedFields</c>; the object itself is not changed.</summary>
    public static byte[] Without(JsonObject obj)
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
                    foreach (var (field, fieldValue) in metadata.Where(p => p.Key != Name))
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
