namespace Broker.Cel.Values;

/// <summary>A CEL type value, the result of <c>type(x)</c>; types compare by name.</summary>
public sealed record CelType(string Name)
{
    public static CelType Int { get; } = new("int");
    public static CelType Uint { get; } = new("uint");
    public static CelType Double { get; } = new("double");
    public static CelType Bool { get; } = new("bool");
    public static CelType String { get; } = new("string");
    public static CelType Bytes { get; } = new("bytes");
    public static CelType List { get; } = new("list");
    public static CelType Map { get; } = new("map");
    public static CelType Null { get; } = new("null_type");
    public static CelType Type { get; } = new("type");
    public static CelType Timestamp { get; } = new("google.protobuf.Timestamp");
    public static CelType Duration { get; } = new("google.protobuf.Duration");
    public static CelType Optional { get; } = new("optional_type");
    public static CelType Error { get; } = new("error");
    public static CelType Ip { get; } = new("net.IP");
    public static CelType Cidr { get; } = new("net.CIDR");

    /// <summary>The CEL type of a value returned by <see cref="CelProgram"/>.</summary>
    public static CelType Of(object? value) => CelTypes.Of(value);

    public override string ToString() => Name;
}
