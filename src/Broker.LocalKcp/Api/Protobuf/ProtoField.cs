namespace Broker.LocalKcp.Api.Protobuf;

internal enum ProtoKind
{
    String,
    Bytes,
    Bool,
    Int64,
    Message,
    RepeatedString,
    RepeatedMessage,
    MapString,
    MapBytes,
    MapQuantity,
    Time,
}

/// <summary>One field of a Kubernetes protobuf message: its JSON name, kind and, for messages, the nested layout.</summary>
internal sealed record ProtoField(string Name, ProtoKind Kind, ProtoMessage? Message = null);
