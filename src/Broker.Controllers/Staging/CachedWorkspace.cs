using System.Buffers;
using System.Text.Json;
using Broker.Kcp.Models;

namespace Broker.Controllers.Staging;

/// <summary>
/// What the cache of the staging root's Workspaces keeps of each (the store's transform, on the watch event's bytes): what
/// <see cref="StagingWorkspaces"/> and its reconciler read, which is the name, deletionTimestamp, spec.cluster and
/// status.phase, with the resourceVersion and logical cluster every cached object carries. A Workspace also has its owner
/// annotation, shard, type, URL, finalizer and conditions: about 1.1 KiB, of which this keeps about a third, for each
/// staging workspace (at scale about one per brokered object). The reconciler creates and deletes Workspaces by name and
/// never writes one back from the cache.
/// </summary>
internal static class CachedWorkspace
{
    private static readonly string[] Metadata = ["name", "resourceVersion", "deletionTimestamp"];

    public static byte[] Kept(ReadOnlyMemory<byte> workspace)
    {
        using var document = JsonDocument.Parse(workspace);
        var root = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Copy(writer, root, "apiVersion");
            Copy(writer, root, "kind");
            writer.WriteStartObject("metadata");
            Fields(writer, KubeElement.Property(root, "metadata"), Metadata);
            writer.WriteStartObject("annotations");
            writer.WriteString(KcpAnnotations.Cluster, KubeElement.Cluster(root));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("spec");
            Fields(writer, KubeElement.Property(root, "spec"), "cluster");
            writer.WriteEndObject();
            writer.WriteStartObject("status");
            Fields(writer, KubeElement.Property(root, "status"), "phase");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement from, string field)
    {
        writer.WritePropertyName(field);
        if (from.TryGetProperty(field, out var value))
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void Fields(Utf8JsonWriter writer, JsonElement? from, params ReadOnlySpan<string> fields)
    {
        foreach (var field in fields)
        {
            if (from is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(field, out var value))
            {
                writer.WritePropertyName(field);
                value.WriteTo(writer);
            }
        }
    }
}
