using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the built-in kinds kubectl's
/// create generators send (create configmap/secret/namespace/...), into the same JSON the API would accept.
/// </summary>
public static class ProtobufDecoder
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw StatusException.BadRequest("protobuf body lacks the k8s envelope");
        }

        var reader = new ProtoReader(body[Magic.Length..]);
        string apiVersion = "", kind = "";
        ReadOnlySpan<byte> raw = default;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtoReader(reader.ReadBytes());
                    while (!typeMeta.AtEnd)
                    {
                        var (f, w) = typeMeta.ReadTag();
                        if (f is 1 or 2 && w == 2)
                        {
                            var value = Encoding.UTF8.GetString(typeMeta.ReadBytes());
                            (apiVersion, kind) = f == 1 ? (value, kind) : (apiVersion, value);
                        }
                        else
                        {
                            typeMeta.Skip(w);
                        }
                    }

                    break;
                case 2:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!ProtoMessage.ByKind.TryGetValue(kind, out var layout))
        {
            throw new StatusException(415, "UnsupportedMediaType", $"protobuf is not supported for kind \"{kind}\"; send application/json");
        }

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        Read(raw, layout, result);
        return result;
    }

    private static void Read(ReadOnlySpan<byte> data, ProtoMessage layout, JsonObject target)
    {
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wire) = reader.ReadTag();
            if (layout[number] is not { } field)
            {
                reader.Skip(wire);
                continue;
            }

            switch (field.Kind)
            {
                case ProtoKind.String:
                    // Go's protobuf writes empty strings; JSON omits them (omitempty).
                    var text = Encoding.UTF8.GetString(reader.ReadBytes());
                    if (text.Length > 0)
                    {
                        target[field.Name] = text;
                    }

                    break;
                case ProtoKind.Bytes:
                    target[field.Name] = Convert.ToBase64String(reader.ReadBytes());
                    break;
                case ProtoKind.Bool:
                    target[field.Name] = reader.ReadVarint() != 0;
                    break;
                case ProtoKind.Int64:
                    target[field.Name] = (long)reader.ReadVarint();
                    break;
                case ProtoKind.Message:
                    var child = new JsonObject();
                    Read(reader.ReadBytes(), field.Message!, child);
                    target[field.Name] = child;
                    break;
                case ProtoKind.RepeatedString:
                    Array(target, field.Name).Add(Encoding.UTF8.GetString(reader.ReadBytes()));
                    break;
                case ProtoKind.RepeatedMessage:
                    var item = new JsonObject();
                    Read(reader.ReadBytes(), field.Message!, item);
                    Array(target, field.Name).Add(item);
                    break;
                default:
                    ReadMapEntry(reader.ReadBytes(), field, target);
                    break;
            }
        }
    }

    private static void ReadMapEntry(ReadOnlySpan<byte> entry, ProtoField field, JsonObject target)
    {
        var reader = new ProtoReader(entry);
        string key = "";
        JsonNode? value = "";
        while (!reader.AtEnd)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1 && wire == 2)
            {
                key = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (number == 2 && wire == 2)
            {
                var bytes = reader.ReadBytes();
                value = field.Kind switch
                {
                    ProtoKind.MapBytes => Convert.ToBase64String(bytes),
                    ProtoKind.MapQuantity => QuantityString(bytes),
                    _ => Encoding.UTF8.GetString(bytes),
                };
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (target[field.Name] is not JsonObject map)
        {
            map = [];
            target[field.Name] = map;
        }

        map[key] = value;
    }

    private static string QuantityString(ReadOnlySpan<byte> quantity)
    {
        var reader = new ProtoReader(quantity);
        while (!reader.AtEnd)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1 && wire == 2)
            {
                return Encoding.UTF8.GetString(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        return 0.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonArray Array(JsonObject target, string name)
    {
        if (target[name] is not JsonArray array)
        {
            array = [];
            target[name] = array;
        }

        return array;
    }
}
