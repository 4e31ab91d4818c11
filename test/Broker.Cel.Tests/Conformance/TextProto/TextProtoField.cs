namespace Broker.Cel.Tests.Conformance.TextProto;

/// <summary>One field: a name (or <c>[type.url]</c>) and either a scalar or a nested message.</summary>
internal sealed record TextProtoField(string Name, TextProtoScalar? Scalar, TextProtoMessage? Message);
