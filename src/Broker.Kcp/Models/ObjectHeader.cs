using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Kcp.Models;

/// <summary>What the informers and caches need of every object they pass on: kind, identity and resourceVersion, and
/// whether it carries <c>metadata.managedFields</c>. Read from the object's UTF-8 with one reader walk (no node tree),
/// or from a node the same way <see cref="KubeObject"/> reads it. Missing fields are "" (resourceVersion: null).</summary>
public readonly record struct ObjectHeader(string Kind, string Cluster, string Namespace, string Name, string? ResourceVersion, bool HasManagedFields)
{
    /// <summary>kcp's cluster-aware key, <c>cluster|namespace/name</c>, as <see cref="KubeObject.Key"/>.</summary>
    public string Key => Namespace.Length == 0 ? $"{Cluster}|{Name}" : $"{Cluster}|{Namespace}/{Name}";

    /// <summary>Reads the header of a node; with <paramref name="names"/>, its kind, cluster, namespace and name are the
    /// table's instances.</summary>
    public static ObjectHeader Of(JsonObject obj, NameTable? names = null)
    {
        var kind = obj["kind"] is JsonValue value && value.TryGetValue<string>(out var k) ? k : "";
        var (cluster, ns, name) = (KubeObject.Cluster(obj), KubeObject.Namespace(obj), KubeObject.Name(obj));
        if (names is not null)
        {
            (kind, cluster, ns, name) = (names.Intern(kind), names.Intern(cluster), names.Intern(ns), names.Intern(name));
        }

        return new(kind, cluster, ns, name, KubeObject.ResourceVersion(obj), KubeObject.Metadata(obj)?.ContainsKey("managedFields") == true);
    }

    /// <summary>Reads the header of one JSON object; throws <see cref="InvalidDataException"/> when a field it reads has
    /// the wrong type (a name that is not a string), as reading it from a node would. With <paramref name="names"/>, its
    /// kind, cluster, namespace and name are the table's instances (none allocated when the table has them).</summary>
    public static ObjectHeader Read(ReadOnlySpan<byte> utf8, NameTable? names = null)
    {
        var reader = new Utf8JsonReader(utf8);
        string kind = "", cluster = "", ns = "", name = "";
        string? version = null;
        var managedFields = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("kind"u8))
                {
                    kind = String(ref reader, "kind", names) ?? "";
                    continue;
                }

                var isMetadata = reader.ValueTextEquals("metadata"u8);
                reader.Read();
                if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMetadata(ref reader, names, ref cluster, ref ns, ref name, ref version, ref managedFields);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not valid JSON: {ex.Message}", ex);
        }

        return new ObjectHeader(kind, cluster, ns, name, version, managedFields);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, NameTable? names, ref string cluster, ref string ns, ref string name, ref string? version, ref bool managedFields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = String(ref reader, "metadata.name", names) ?? "";
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                ns = String(ref reader, "metadata.namespace", names) ?? "";
            }
            else if (reader.ValueTextEquals("resourceVersion"u8))
            {
                version = String(ref reader, "metadata.resourceVersion", names: null);
            }
            else
            {
                var isAnnotations = reader.ValueTextEquals("annotations"u8);
                managedFields |= reader.ValueTextEquals("managedFields"u8);
                reader.Read();
                if (isAnnotations && reader.TokenType == JsonTokenType.StartObject)
                {
                    cluster = ReadCluster(ref reader, names) ?? cluster;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    // The kcp.io/cluster annotation, leaving the reader at the end of the annotations.
    private static string? ReadCluster(ref Utf8JsonReader reader, NameTable? names)
    {
        string? cluster = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(KcpAnnotations.Cluster))
            {
                cluster = String(ref reader, KcpAnnotations.Cluster, names);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return cluster;
    }

    // A string or null; any other value is malformed.
    private static string? String(ref Utf8JsonReader reader, string field, NameTable? names)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => names is null ? reader.GetString() : names.Read(ref reader),
            JsonTokenType.Null => null,
            _ => throw new InvalidDataException($"{field} is a {reader.TokenType}, not a string"),
        };
    }
}
