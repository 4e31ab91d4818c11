namespace Broker.Cel.Values;

/// <summary>The runtime type of a CEL value.</summary>
internal static class CelTypes
{
    public static CelType Of(object? value) => value switch
    {
        null => CelType.Null,
        bool => CelType.Bool,
        long => CelType.Int,
        ulong => CelType.Uint,
        double => CelType.Double,
        string => CelType.String,
        CelBytes => CelType.Bytes,
        CelList => CelType.List,
        CelMap => CelType.Map,
        CelTimestamp => CelType.Timestamp,
        CelDuration => CelType.Duration,
        CelType => CelType.Type,
        CelOptional => CelType.Optional,
        CelIp => CelType.Ip,
        CelCidr => CelType.Cidr,
        _ => CelType.Error,
    };

    /// <summary>Type names an expression may use as values, e.g. <c>type(x) == int</c>.</summary>
    public static CelType? FromName(string name) => name switch
    {
        "int" => CelType.Int,
        "uint" => CelType.Uint,
        "double" => CelType.Double,
        "bool" => CelType.Bool,
        "string" => CelType.String,
        "bytes" => CelType.Bytes,
        "list" => CelType.List,
        "map" => CelType.Map,
        "null_type" => CelType.Null,
        "type" => CelType.Type,
        "google.protobuf.Timestamp" => CelType.Timestamp,
        "google.protobuf.Duration" => CelType.Duration,
        "optional_type" => CelType.Optional,
        "net.IP" => CelType.Ip,
        "net.CIDR" => CelType.Cidr,
        _ => null,
    };
}
